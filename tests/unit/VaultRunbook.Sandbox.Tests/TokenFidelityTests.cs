using System.Globalization;
using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>The token store's answers against the real bodies in tests/fixtures/vault (auth-token.*), field by field.</summary>
public sealed class TokenFidelityTests
{
    // identity_policies comes from an identity entity's groups (the fixture's token logged in through LDAP);
    // Vault leaves it out when the token has none, and sandbox tokens never have an entity.
    private static readonly string[] EntityOnly = ["identity_policies"];

    [Fact]
    public async Task Lookup_self_and_lookup_carry_every_field_of_the_real_body_with_its_kind()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        (string token, _) = await CreateLikeFixtureAsync(harness);
        JsonElement fixture = Fixtures.Load("auth-token.lookup-self.200.json").GetProperty("data");

        JsonElement self = (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token)).Json.GetProperty("data");
        JsonElement looked = (await harness.RootAsync("POST", "/v1/auth/token/lookup", new { token })).Json.GetProperty("data");

        foreach (JsonElement data in new[] { self, looked })
        {
            AssertFields(fixture, data, "auth-token.lookup-self.200.json");
            Assert.Equal(token, data.GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task Lookup_accessor_carries_every_field_of_the_real_body_with_an_empty_id()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        (_, string accessor) = await CreateLikeFixtureAsync(harness);
        JsonElement fixture = Fixtures.Load("auth-token.lookup-accessor.200.json").GetProperty("data");

        ApiResponse response = await harness.RootAsync("POST", "/v1/auth/token/lookup-accessor", new { accessor });

        Assert.Equal(HttpStatusCode.OK, response.Status);
        JsonElement data = response.Json.GetProperty("data");
        AssertFields(fixture, data, "auth-token.lookup-accessor.200.json");
        Assert.Equal(fixture.GetProperty("id").GetString(), data.GetProperty("id").GetString());
        Assert.Equal(accessor, data.GetProperty("accessor").GetString());
    }

    [Fact]
    public async Task The_accessor_list_has_the_real_envelope_and_data_keys()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        JsonElement fixture = Fixtures.Load("auth-token.accessors.list.200.json");

        ApiResponse response = await harness.RootAsync("LIST", "/v1/auth/token/accessors");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Fixtures.AssertCovers(fixture, response.Json, "auth-token.accessors.list.200.json");
        Fixtures.AssertInOrder(response.Keys, ["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"]);
        Assert.Equal(["keys"], response.Json.GetProperty("data").EnumerateObject().Select(p => p.Name));
        Assert.All(response.Json.GetProperty("data").GetProperty("keys").EnumerateArray(), k => Assert.Equal(JsonValueKind.String, k.ValueKind));
    }

    [Fact]
    public async Task A_renewal_answers_with_the_auth_block_of_the_real_create_body()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        (string token, string accessor) = await CreateLikeFixtureAsync(harness);
        JsonElement fixture = Fixtures.Load("auth-token.create.200.json");

        ApiResponse renewed = await harness.CallAsync("POST", "/v1/auth/token/renew-self", "{}", token: token);

        Assert.Equal(HttpStatusCode.OK, renewed.Status);
        Fixtures.AssertCovers(fixture.GetProperty("auth"), renewed.Json.GetProperty("auth"), "auth-token.create.200.json auth");
        Assert.Equal(token, renewed.Json.GetProperty("auth").GetProperty("client_token").GetString());
        Assert.Equal(accessor, renewed.Json.GetProperty("auth").GetProperty("accessor").GetString());
    }

    private static async Task<(string Token, string Accessor)> CreateLikeFixtureAsync(SandboxHarness harness)
    {
        ApiResponse created = await harness.RootAsync("POST", "/v1/auth/token/create", new { display_name = "tesla", policies = new[] { "testgroup2-policy" }, meta = new { username = "tesla" } });
        JsonElement auth = created.Json.GetProperty("auth");
        return (auth.GetProperty("client_token").GetString()!, auth.GetProperty("accessor").GetString()!);
    }

    private static void AssertFields(JsonElement fixture, JsonElement actual, string name)
    {
        foreach (JsonProperty expected in fixture.EnumerateObject().Where(p => !EntityOnly.Contains(p.Name)))
        {
            Assert.True(actual.TryGetProperty(expected.Name, out JsonElement value), $"{name}: field '{expected.Name}' missing");
            Assert.True(Fixtures.Kind(expected.Value) == Fixtures.Kind(value), $"{name}: field '{expected.Name}' is {Fixtures.Kind(value)}, Vault sends {Fixtures.Kind(expected.Value)}");
        }

        Assert.Equal(AuditLog.Keys(actual).Order(StringComparer.Ordinal), AuditLog.Keys(actual));
        foreach (string time in new[] { "expire_time", "issue_time" })
        {
            Assert.True(DateTimeOffset.TryParse(actual.GetProperty(time).GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _), time);
        }

        Assert.True(actual.GetProperty("creation_time").GetInt64() > 1_700_000_000);
        Assert.Equal(2764800, actual.GetProperty("creation_ttl").GetInt64());
        Assert.InRange(actual.GetProperty("ttl").GetInt64(), 2764700, 2764800);
        Assert.Equal("tesla", actual.GetProperty("meta").GetProperty("username").GetString());
    }
}
