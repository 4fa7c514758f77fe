using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>Token enforcement on logical paths, auth/token/create and the sandbox's policy-name ACL (vault-api-notes §0.2, §5).</summary>
public sealed class TokenAndAclTests
{
    [Theory]
    [InlineData("GET", "/v1/secret/data/x")]
    [InlineData("POST", "/v1/secret/data/x")]
    [InlineData("LIST", "/v1/secret/metadata")]
    [InlineData("GET", "/v1/kv-v1/x")]
    [InlineData("GET", "/v1/sys/mounts")]
    [InlineData("GET", "/v1/sys/audit")]
    [InlineData("POST", "/v1/auth/token/create")]
    public async Task A_missing_or_invalid_token_is_403_permission_denied(string method, string path)
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string? body = method == "POST" ? "{\"data\":{\"a\":\"b\"}}" : null;

        ApiResponse none = await harness.CallAsync(method, path, body);
        ApiResponse invalid = await harness.CallAsync(method, path, body, token: "hvs.notarealtoken000000000000");
        ApiResponse bearer = await harness.CallAsync(method, path, body, bearer: "hvs.notarealtoken000000000000");

        foreach (ApiResponse response in new[] { none, invalid, bearer })
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.Status);
            Assert.Equal(Fixtures.Raw("error.403.json").Trim() + "\n", response.Raw);
        }
    }

    [Fact]
    public async Task The_root_token_works_as_header_or_bearer()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("POST", "/v1/secret/data/x", "{\"data\":{\"a\":\"b\"}}", token: harness.RootToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/secret/data/x", bearer: harness.RootToken)).Status);
    }

    [Fact]
    public async Task Sealed_still_answers_503_before_the_token_check()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("PUT", "/v1/sys/seal");
        ApiResponse response = await harness.CallAsync("GET", "/v1/secret/data/x");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
        Assert.Equal(["Vault is sealed"], response.Errors);
    }

    [Fact]
    public async Task Token_create_mints_a_child_with_display_name_and_policies()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse created = await harness.RootAsync("POST", "/v1/auth/token/create", new { display_name = "ci deployer!", policies = new[] { "secret/data/app", "Kv-V1" }, meta = new { user = "ci" } });

        Assert.Equal(HttpStatusCode.OK, created.Status);
        Assert.Equal(["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"], created.Keys);
        Assert.Equal(JsonValueKind.Null, created.Json.GetProperty("data").ValueKind);
        Assert.Equal("token", created.Json.GetProperty("mount_type").GetString());
        JsonElement auth = created.Json.GetProperty("auth");
        JsonElement fixture = Fixtures.Load("auth-token.create.200.json").GetProperty("auth");
        Fixtures.AssertCovers(fixture, auth, "auth-token.create.200.json auth");
        Fixtures.AssertInOrder(AuditLog.Keys(auth), ["client_token", "accessor", "policies", "token_policies", "identity_policies", "metadata", "lease_duration", "renewable", "entity_id", "token_type", "orphan", "mfa_requirement", "num_uses"]);
        string token = auth.GetProperty("client_token").GetString()!;
        Assert.Matches("^hvs\\.[0-9A-Za-z]{91}$", token);
        Assert.Matches("^[0-9A-Za-z]{24}$", auth.GetProperty("accessor").GetString());
        Assert.Equal(["default", "kv-v1", "secret/data/app"], auth.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(2764800, auth.GetProperty("lease_duration").GetInt64());
        Assert.True(auth.GetProperty("renewable").GetBoolean());
        Assert.False(auth.GetProperty("orphan").GetBoolean());
        Assert.Equal("service", auth.GetProperty("token_type").GetString());
        Assert.Equal("ci", auth.GetProperty("metadata").GetProperty("user").GetString());

        JsonElement self = (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token)).Json.GetProperty("data");
        Assert.Equal("token-ci-deployer", self.GetProperty("display_name").GetString());
        Assert.Equal("auth/token/create", self.GetProperty("path").GetString());
        Assert.False(self.GetProperty("orphan").GetBoolean());
        Assert.True(self.GetProperty("renewable").GetBoolean());
        Assert.Equal(JsonValueKind.String, self.GetProperty("expire_time").ValueKind);
        Assert.Equal(JsonValueKind.String, self.GetProperty("issue_time").ValueKind);
        Assert.InRange(self.GetProperty("ttl").GetInt64(), 2764700, 2764800);
        Assert.Equal(2764800, self.GetProperty("creation_ttl").GetInt64());
        Assert.Equal(AuditLog.Keys(self).Order(StringComparer.Ordinal), AuditLog.Keys(self));
    }

    [Fact]
    public async Task A_policy_named_like_a_path_allows_that_path_only()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/data/app/db", new { data = new { password = "pw" } });
        await harness.RootAsync("POST", "/v1/secret/data/other", new { data = new { password = "pw" } });
        string app = await harness.CreateTokenAsync("app", "secret/data/app");
        string whole = await harness.CreateTokenAsync("whole", "secret");

        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/secret/data/app/db", token: app)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("POST", "/v1/secret/data/app/db", "{\"data\":{\"password\":\"new\"}}", token: app)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/secret/data/other", token: app)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/secret/metadata/app/db", token: app)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/secret/metadata/app/db", token: whole)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("LIST", "/v1/secret/metadata", token: whole)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/internal/ui/mounts/secret/app/db", token: app)).Status);

        foreach (string path in new[] { "/v1/sys/mounts", "/v1/sys/audit" })
        {
            ApiResponse denied = await harness.CallAsync("GET", path, token: whole);
            Assert.Equal(HttpStatusCode.Forbidden, denied.Status);
            Assert.Equal(["permission denied"], denied.Errors);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("PUT", "/v1/sys/seal", token: whole)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: whole)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("POST", "/v1/auth/token/create", "{}", token: whole)).Status);
    }

    [Fact]
    public async Task A_child_cannot_widen_its_policies()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string creator = await harness.CreateTokenAsync("creator", "auth/token/create", "secret");

        ApiResponse wider = await harness.CallAsync("POST", "/v1/auth/token/create", "{\"policies\":[\"sys\"]}", token: creator);
        Assert.Equal(HttpStatusCode.BadRequest, wider.Status);
        Assert.Equal(["child policies must be subset of parent"], wider.Errors);

        ApiResponse narrower = await harness.CallAsync("POST", "/v1/auth/token/create", "{\"policies\":[\"secret\"],\"display_name\":\"grandchild\"}", token: creator);
        Assert.Equal(HttpStatusCode.OK, narrower.Status);
        Assert.Equal(["default", "secret"], narrower.Json.GetProperty("auth").GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_root_child_without_policies_is_a_root_token()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse created = await harness.RootAsync("POST", "/v1/auth/token/create", new { display_name = "breakglass" });
        JsonElement auth = created.Json.GetProperty("auth");
        Assert.Equal(["root"], auth.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(0, auth.GetProperty("lease_duration").GetInt64());
        string token = auth.GetProperty("client_token").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/mounts", token: token)).Status);
        Assert.Equal(JsonValueKind.Null, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token)).Json.GetProperty("data").GetProperty("expire_time").ValueKind);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse created = await harness.RootAsync("POST", "/v1/auth/token/create", new { policies = new[] { "secret" }, ttl = "1s" });
        string token = created.Json.GetProperty("auth").GetProperty("client_token").GetString()!;
        Assert.Equal(1, created.Json.GetProperty("auth").GetProperty("lease_duration").GetInt64());

        ApiResponse refused = await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token);
        for (int i = 0; i < 100 && refused.Status != HttpStatusCode.Forbidden; i++)
        {
            await Task.Delay(100);
            refused = await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token);
        }

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
    }
}
