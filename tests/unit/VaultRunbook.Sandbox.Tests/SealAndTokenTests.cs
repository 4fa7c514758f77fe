using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>sys/seal (§2.3), sys/leader (§2.5), auth/token/lookup-self (§5) and the sealed gate.</summary>
public sealed class SealAndTokenTests
{
    [Fact]
    public async Task Seal_needs_the_root_token()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse none = await harness.CallAsync("PUT", "/v1/sys/seal");
        Assert.Equal(HttpStatusCode.Forbidden, none.Status);
        Assert.Equal(Fixtures.Raw("error.403.json").Trim() + "\n", none.Raw);

        ApiResponse wrong = await harness.CallAsync("PUT", "/v1/sys/seal", token: "hvs.AAAAAAAAAAAAAAAAAAAAAAAA");
        Assert.Equal(HttpStatusCode.Forbidden, wrong.Status);
        Assert.False(harness.Sandbox.IsSealed);

        ApiResponse ok = await harness.CallAsync("PUT", "/v1/sys/seal", token: harness.RootToken);
        Assert.Equal(HttpStatusCode.NoContent, ok.Status);
        Assert.Equal(string.Empty, ok.Raw);
        Assert.Equal("application/json", ok.ContentType);
        Assert.True(ok.NoStore);
        Assert.True(harness.Sandbox.IsSealed);
        Assert.True((await harness.CallAsync("GET", "/v1/sys/seal-status")).Json.GetProperty("sealed").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await harness.CallAsync("POST", "/v1/sys/seal", token: harness.RootToken)).Status);
    }

    [Fact]
    public async Task Seal_accepts_a_bearer_token()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.CallAsync("POST", "/v1/sys/seal", bearer: harness.RootToken)).Status);
        Assert.True(harness.Sandbox.IsSealed);
    }

    [Fact]
    public async Task Seal_when_already_sealed_is_204()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        Assert.Equal(HttpStatusCode.NoContent, (await harness.CallAsync("PUT", "/v1/sys/seal", token: harness.RootToken)).Status);
    }

    [Fact]
    public async Task Seal_with_GET_is_405()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await harness.CallAsync("GET", "/v1/sys/seal", token: harness.RootToken)).Status);
        Assert.False(harness.Sandbox.IsSealed);
    }

    [Fact]
    public async Task Lookup_self_returns_the_root_token_data()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse response = await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: harness.RootToken);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"], response.Keys);
        JsonElement data = response.Json.GetProperty("data");
        string[] dataKeys = data.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(dataKeys.Order(StringComparer.Ordinal), dataKeys); // a Go map: sorted keys
        Assert.Equal(harness.RootToken, data.GetProperty("id").GetString());
        Assert.Matches("^[0-9A-Za-z]{24}$", data.GetProperty("accessor").GetString());
        Assert.Equal(["root"], data.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("auth/token/root", data.GetProperty("path").GetString());
        Assert.Equal("root", data.GetProperty("display_name").GetString());
        Assert.Equal(0, data.GetProperty("ttl").GetInt64());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("expire_time").ValueKind);
        Assert.True(data.GetProperty("orphan").GetBoolean());
        Assert.False(data.TryGetProperty("renewable", out _));
        Assert.False(data.TryGetProperty("issue_time", out _));

        // Same field types as the real (non-root) sample where both have a value.
        JsonElement fixture = Fixtures.Load("auth-token.lookup-self.200.json").GetProperty("data");
        foreach (JsonProperty field in data.EnumerateObject())
        {
            if (fixture.TryGetProperty(field.Name, out JsonElement sample) && field.Value.ValueKind != JsonValueKind.Null && sample.ValueKind != JsonValueKind.Null)
            {
                Assert.True(Fixtures.Kind(sample) == Fixtures.Kind(field.Value), $"data.{field.Name}");
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", bearer: harness.RootToken)).Status);
    }

    [Fact]
    public async Task Lookup_self_with_a_bad_or_missing_token_is_403()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse none = await harness.CallAsync("GET", "/v1/auth/token/lookup-self");
        Assert.Equal(HttpStatusCode.Forbidden, none.Status);
        Assert.Equal(["permission denied"], none.Errors);
        ApiResponse bad = await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: harness.RootToken + "x");
        Assert.Equal(HttpStatusCode.Forbidden, bad.Status);
        ApiResponse notBearer = await harness.CallAsync("GET", "/v1/auth/token/lookup-self", bearer: null, token: null);
        Assert.Equal(HttpStatusCode.Forbidden, notBearer.Status);
    }

    [Theory]
    [InlineData(ServerState.Sealed)]
    [InlineData(ServerState.Uninitialized)]
    public async Task Authenticated_paths_answer_503_while_sealed(ServerState state)
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(state);
        string? token = state == ServerState.Sealed ? harness.RootToken : null;
        foreach (string path in new[] { "/v1/auth/token/lookup-self", "/v1/secret/data/anything", "/v1/sys/mounts" })
        {
            ApiResponse response = await harness.CallAsync("GET", path, token: token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
            Assert.Equal(["Vault is sealed"], response.Errors);
        }
    }

    [Fact]
    public async Task Leader_answers_like_a_Vault_without_HA_storage()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        ApiResponse sealedNode = await harness.CallAsync("GET", "/v1/sys/leader");
        Assert.Equal(HttpStatusCode.OK, sealedNode.Status);
        JsonElement fixture = Fixtures.Load("sys-leader.200.json");
        string[] fixtureOrder = fixture.EnumerateObject().Select(p => p.Name).ToArray();
        Fixtures.AssertInOrder(sealedNode.Keys, fixtureOrder);
        foreach (JsonProperty field in sealedNode.Json.EnumerateObject())
        {
            Assert.Equal(Fixtures.Kind(fixture.GetProperty(field.Name)), Fixtures.Kind(field.Value));
        }

        Assert.False(sealedNode.Json.GetProperty("ha_enabled").GetBoolean());
        Assert.Equal("0001-01-01T00:00:00Z", sealedNode.Json.GetProperty("active_time").GetString());

        string[] keys = harness.Keys;
        await harness.UnsealWithAsync(keys[0], keys[1], keys[2]);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/leader")).Status);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await harness.CallAsync("PUT", "/v1/sys/leader", "{}")).Status);
    }
}
