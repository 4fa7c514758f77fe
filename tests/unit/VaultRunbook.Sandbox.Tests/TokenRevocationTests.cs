using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>The token store's lookups, renewals and revocations (vault-api-notes §5).</summary>
public sealed class TokenRevocationTests
{
    [Fact]
    public async Task Revoke_takes_the_children_with_it_and_a_revoked_token_gets_403_everywhere()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        (string parent, _) = await CreateAsync(harness, harness.RootToken, "parent", "secret", "auth/token/create");
        (string child, _) = await CreateAsync(harness, parent, "child", "secret", "auth/token/create");
        (string grandchild, _) = await CreateAsync(harness, child, "grandchild", "secret");
        (string bystander, _) = await CreateAsync(harness, harness.RootToken, "bystander", "secret");

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/auth/token/revoke", new { token = parent })).Status);

        foreach (string dead in new[] { parent, child, grandchild })
        {
            foreach ((string method, string path) in new[] { ("GET", "/v1/auth/token/lookup-self"), ("GET", "/v1/secret/data/x"), ("POST", "/v1/auth/token/renew-self"), ("LIST", "/v1/secret/metadata") })
            {
                ApiResponse response = await harness.CallAsync(method, path, method == "POST" ? "{}" : null, token: dead);
                Assert.Equal(HttpStatusCode.Forbidden, response.Status);
                Assert.Equal(["permission denied"], response.Errors);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: bystander)).Status);
        ApiResponse again = await harness.RootAsync("POST", "/v1/auth/token/revoke", new { token = parent });
        Assert.Equal(HttpStatusCode.NoContent, again.Status);
    }

    [Fact]
    public async Task Revoke_orphan_keeps_the_children_as_orphans_and_needs_sudo()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        (string parent, _) = await CreateAsync(harness, harness.RootToken, "parent", "secret", "auth/token/create");
        (string child, _) = await CreateAsync(harness, parent, "child", "secret");

        ApiResponse notSudo = await harness.CallAsync("POST", "/v1/auth/token/revoke-orphan", JsonSerializer.Serialize(new { token = child }), token: parent);
        Assert.Equal(HttpStatusCode.Forbidden, notSudo.Status);

        string sudo = await harness.CreateTokenAsync("sudoer", "auth/token/revoke-orphan");
        ApiResponse noSudo = await harness.CallAsync("POST", "/v1/auth/token/revoke-orphan", JsonSerializer.Serialize(new { token = parent }), token: sudo);
        Assert.Equal(HttpStatusCode.BadRequest, noSudo.Status);
        Assert.Equal(["root or sudo privileges required to revoke and orphan"], noSudo.Errors);

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/auth/token/revoke-orphan", new { token = parent })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: parent)).Status);
        ApiResponse survivor = await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: child);
        Assert.Equal(HttpStatusCode.OK, survivor.Status);
        Assert.True(survivor.Json.GetProperty("data").GetProperty("orphan").GetBoolean());

        ApiResponse unknown = await harness.RootAsync("POST", "/v1/auth/token/revoke-orphan", new { token = parent });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal(["token to revoke not found"], unknown.Errors);
    }

    [Fact]
    public async Task Revoke_accessor_is_idempotent_and_revoke_self_ends_the_caller()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        (string token, string accessor) = await CreateAsync(harness, harness.RootToken, "ci", "secret");

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/auth/token/revoke-accessor", new { accessor })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token)).Status);
        ApiResponse again = await harness.RootAsync("POST", "/v1/auth/token/revoke-accessor", new { accessor });
        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(["No token found with this accessor"], again.Json.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));

        (string self, _) = await CreateAsync(harness, harness.RootToken, "self", "secret");
        Assert.Equal(HttpStatusCode.NoContent, (await harness.CallAsync("POST", "/v1/auth/token/revoke-self", "{}", token: self)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: self)).Status);
    }

    [Fact]
    public async Task Lookup_by_token_and_by_accessor_and_their_errors()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        (string token, string accessor) = await CreateAsync(harness, harness.RootToken, "ci", "secret");

        JsonElement byToken = (await harness.RootAsync("POST", "/v1/auth/token/lookup", new { token })).Json.GetProperty("data");
        JsonElement byAccessor = (await harness.RootAsync("POST", "/v1/auth/token/lookup-accessor", new { accessor })).Json.GetProperty("data");
        Assert.Equal(token, byToken.GetProperty("id").GetString());
        Assert.Equal(string.Empty, byAccessor.GetProperty("id").GetString());
        Assert.Equal(accessor, byAccessor.GetProperty("accessor").GetString());
        Assert.Equal("token-ci", byAccessor.GetProperty("display_name").GetString());

        ApiResponse badToken = await harness.RootAsync("POST", "/v1/auth/token/lookup", new { token = "hvs.unknown" });
        Assert.Equal(HttpStatusCode.Forbidden, badToken.Status);
        Assert.Equal(["bad token"], badToken.Errors);
        ApiResponse badAccessor = await harness.RootAsync("POST", "/v1/auth/token/lookup-accessor", new { accessor = "nope" });
        Assert.Equal(HttpStatusCode.BadRequest, badAccessor.Status);
        Assert.Equal(["invalid accessor"], badAccessor.Errors);
    }

    [Fact]
    public async Task Renew_restarts_the_lease_within_the_explicit_max()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse created = await harness.RootAsync("POST", "/v1/auth/token/create", new { policies = new[] { "secret" }, ttl = "1h", explicit_max_ttl = "2h" });
        string token = created.Json.GetProperty("auth").GetProperty("client_token").GetString()!;

        ApiResponse renewed = await harness.CallAsync("POST", "/v1/auth/token/renew-self", "{\"increment\":\"10h\"}", token: token);
        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        Assert.InRange(renewed.Json.GetProperty("auth").GetProperty("lease_duration").GetInt64(), 7100, 7200);
        ApiResponse byRoot = await harness.RootAsync("POST", "/v1/auth/token/renew", new { token, increment = 600 });
        Assert.Equal(600, byRoot.Json.GetProperty("auth").GetProperty("lease_duration").GetInt64());
        JsonElement looked = (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token)).Json.GetProperty("data");
        Assert.InRange(looked.GetProperty("ttl").GetInt64(), 590, 600);
        Assert.Equal(3600, looked.GetProperty("creation_ttl").GetInt64());

        ApiResponse fixedToken = await harness.RootAsync("POST", "/v1/auth/token/create", new { policies = new[] { "secret" }, renewable = false });
        string unrenewable = fixedToken.Json.GetProperty("auth").GetProperty("client_token").GetString()!;
        ApiResponse refused = await harness.CallAsync("POST", "/v1/auth/token/renew-self", "{}", token: unrenewable);
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["lease is not renewable"], refused.Errors);
    }

    [Fact]
    public async Task Accessors_list_needs_sudo_and_answers_list_and_get_list_true()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        (_, string accessor) = await CreateAsync(harness, harness.RootToken, "ci", "secret");
        string plain = await harness.CreateTokenAsync("plain", "auth/token");
        string sudo = await harness.CreateTokenAsync("sudo", "auth/token/accessors+sudo");

        ApiResponse list = await harness.RootAsync("LIST", "/v1/auth/token/accessors");
        ApiResponse get = await harness.RootAsync("GET", "/v1/auth/token/accessors?list=true");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        string[] keys = list.Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
        Assert.Contains(accessor, keys);
        Assert.Equal(4, keys.Length);
        Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
        Assert.Equal(keys, get.Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()!));

        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("LIST", "/v1/auth/token/accessors", token: plain)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("LIST", "/v1/auth/token/accessors", token: sudo)).Status);
    }

    [Theory]
    [InlineData("/v1/sys/leases/revoke-prefix/auth/token/create-orphan", 204)]
    [InlineData("/v1/sys/leases/revoke-force/auth/token/create-orphan", 204)]
    [InlineData("/v1/sys/revoke-prefix/auth/token/create-orphan", 204)]
    public async Task Revoke_prefix_revokes_the_tokens_issued_under_the_path_and_only_those(string call, int status)
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse orphanA = await harness.RootAsync("POST", "/v1/auth/token/create-orphan", new { policies = new[] { "secret", "auth/token/create" } });
        ApiResponse orphanB = await harness.RootAsync("POST", "/v1/auth/token/create-orphan", new { policies = new[] { "secret" } });
        string a = orphanA.Json.GetProperty("auth").GetProperty("client_token").GetString()!;
        string b = orphanB.Json.GetProperty("auth").GetProperty("client_token").GetString()!;
        (string childOfA, _) = await CreateAsync(harness, a, "child", "secret");
        (string other, _) = await CreateAsync(harness, harness.RootToken, "other", "secret");

        string notSudo = await harness.CreateTokenAsync("ops", "sys");
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("PUT", call, null, token: notSudo)).Status);
        Assert.Equal(status, (await harness.RootAsync("PUT", call)).Code);

        foreach (string dead in new[] { a, b, childOfA })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: dead)).Status);
        }

        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: other)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: harness.RootToken)).Status);
    }

    [Fact]
    public async Task Revoke_prefix_with_sync_false_answers_202()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        (string token, _) = await CreateAsync(harness, harness.RootToken, "ci", "secret");
        ApiResponse accepted = await harness.RootAsync("PUT", "/v1/sys/leases/revoke-prefix/auth/token/", new { sync = false });
        Assert.Equal(HttpStatusCode.Accepted, accepted.Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token)).Status);
    }

    [Fact]
    public async Task The_init_root_token_can_be_revoked_and_then_answers_403()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/auth/token/revoke-self", "{}")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.RootAsync("GET", "/v1/sys/mounts")).Status);
    }

    internal static async Task<(string Token, string Accessor)> CreateAsync(SandboxHarness harness, string parent, string name, params string[] policies)
    {
        ApiResponse created = await harness.CallAsync("POST", "/v1/auth/token/create", JsonSerializer.Serialize(new { display_name = name, policies }), token: parent);
        Assert.Equal(HttpStatusCode.OK, created.Status);
        JsonElement auth = created.Json.GetProperty("auth");
        return (auth.GetProperty("client_token").GetString()!, auth.GetProperty("accessor").GetString()!);
    }
}
