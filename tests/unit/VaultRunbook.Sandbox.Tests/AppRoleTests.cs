using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>sys/auth and the AppRole auth method as Vault documents them: roles, role-id, secret-ids and login.</summary>
public sealed class AppRoleTests
{
    [Fact]
    public async Task Sys_auth_lists_enables_and_disables_auth_methods_with_sudo()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/auth/approle", new { type = "approle", description = "sidecars" })).Status);

        ApiResponse list = await harness.RootAsync("GET", "/v1/sys/auth");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        JsonElement approle = list.Json.GetProperty("data").GetProperty("approle/");
        Assert.Equal("approle", approle.GetProperty("type").GetString());
        Assert.Equal("sidecars", approle.GetProperty("description").GetString());
        Assert.StartsWith("auth_approle_", approle.GetProperty("accessor").GetString());
        Assert.Equal("token", list.Json.GetProperty("data").GetProperty("token/").GetProperty("type").GetString());
        Assert.Equal("approle", list.Json.GetProperty("approle/").GetProperty("type").GetString());

        ApiResponse twice = await harness.RootAsync("POST", "/v1/sys/auth/approle", new { type = "approle" });
        Assert.Equal(["path is already in use at approle/"], twice.Errors);
        ApiResponse unknown = await harness.RootAsync("POST", "/v1/sys/auth/ldap", new { type = "ldap" });
        Assert.Equal(["plugin not found in the catalog: ldap"], unknown.Errors);
        ApiResponse token = await harness.RootAsync("DELETE", "/v1/sys/auth/token");
        Assert.Equal(["token credential backend cannot be disabled"], token.Errors);

        string ops = await harness.CreateTokenAsync("ops", "sys");
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/auth", token: ops)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("DELETE", "/v1/sys/auth/approle", token: ops)).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/sys/auth/approle")).Status);
        Assert.False((await harness.RootAsync("GET", "/v1/sys/auth")).Json.GetProperty("data").TryGetProperty("approle/", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await harness.CallAsync("POST", "/v1/auth/approle/login", "{\"role_id\":\"x\"}")).Status);
    }

    [Fact]
    public async Task A_role_a_secret_id_and_a_login_give_a_token_under_auth_approle_login()
    {
        using SandboxHarness harness = await SetUpAsync();
        (string roleId, string secretId, string accessor) = await RoleAsync(harness, "sidecar");

        ApiResponse login = await harness.CallAsync("POST", "/v1/auth/approle/login", JsonSerializer.Serialize(new { role_id = roleId, secret_id = secretId }));

        Assert.Equal(HttpStatusCode.OK, login.Status);
        JsonElement auth = login.Json.GetProperty("auth");
        Fixtures.AssertCovers(Fixtures.Load("auth-token.create.200.json").GetProperty("auth"), auth, "auth-token.create.200.json auth");
        Assert.Equal(["default", "secret"], auth.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(3600, auth.GetProperty("lease_duration").GetInt64());
        Assert.True(auth.GetProperty("orphan").GetBoolean());
        Assert.Equal("sidecar", auth.GetProperty("metadata").GetProperty("role_name").GetString());
        Assert.Equal("approle", login.Json.GetProperty("mount_type").GetString());
        string token = auth.GetProperty("client_token").GetString()!;
        JsonElement self = (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token)).Json.GetProperty("data");
        Assert.Equal("auth/approle/login", self.GetProperty("path").GetString());
        Assert.Equal("approle", self.GetProperty("display_name").GetString());

        JsonElement role = (await harness.RootAsync("GET", "/v1/auth/approle/role/sidecar")).Json.GetProperty("data");
        Assert.Equal(2, role.GetProperty("secret_id_num_uses").GetInt64());
        Assert.Equal(["secret"], role.GetProperty("token_policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(["sidecar"], (await harness.RootAsync("LIST", "/v1/auth/approle/role")).Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal([accessor], (await harness.RootAsync("LIST", "/v1/auth/approle/role/sidecar/secret-id")).Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
    }

    [Fact]
    public async Task Secret_id_num_uses_runs_out_and_wrong_credentials_are_refused()
    {
        using SandboxHarness harness = await SetUpAsync();
        (string roleId, string secretId, string accessor) = await RoleAsync(harness, "sidecar");

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(harness, roleId, secretId)).Status);
        JsonElement left = (await harness.RootAsync("POST", "/v1/auth/approle/role/sidecar/secret-id-accessor/lookup", new { secret_id_accessor = accessor })).Json.GetProperty("data");
        Assert.Equal(1, left.GetProperty("secret_id_num_uses").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(harness, roleId, secretId)).Status);
        ApiResponse spent = await LoginAsync(harness, roleId, secretId);
        Assert.Equal(HttpStatusCode.BadRequest, spent.Status);
        Assert.Equal(["invalid role or secret ID"], spent.Errors);

        Assert.Equal(["invalid role or secret ID"], (await LoginAsync(harness, "not-a-role", secretId)).Errors);
        Assert.Equal(["missing role_id"], (await LoginAsync(harness, string.Empty, secretId)).Errors);
        ApiResponse gone = await harness.RootAsync("POST", "/v1/auth/approle/role/sidecar/secret-id-accessor/lookup", new { secret_id_accessor = accessor });
        Assert.Equal(HttpStatusCode.BadRequest, gone.Status);
    }

    [Fact]
    public async Task Rotating_the_secret_id_makes_the_old_one_fail_and_the_new_one_log_in()
    {
        using SandboxHarness harness = await SetUpAsync();
        (string roleId, string oldSecret, string oldAccessor) = await RoleAsync(harness, "sidecar", uses: 0);

        ApiResponse fresh = await harness.RootAsync("POST", "/v1/auth/approle/role/sidecar/secret-id", new { metadata = "{\"rotated\":\"yes\"}" });
        string newSecret = fresh.Json.GetProperty("data").GetProperty("secret_id").GetString()!;
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/auth/approle/role/sidecar/secret-id-accessor/destroy", new { secret_id_accessor = oldAccessor })).Status);

        Assert.Equal(["invalid role or secret ID"], (await LoginAsync(harness, roleId, oldSecret)).Errors);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(harness, roleId, newSecret)).Status);

        JsonElement looked = (await harness.RootAsync("POST", "/v1/auth/approle/role/sidecar/secret-id/lookup", new { secret_id = newSecret })).Json.GetProperty("data");
        Assert.Equal("yes", looked.GetProperty("metadata").GetProperty("rotated").GetString());
        Assert.Equal(["cidr_list", "creation_time", "expiration_time", "last_updated_time", "metadata", "secret_id_accessor", "secret_id_num_uses", "secret_id_ttl", "token_bound_cidrs"], looked.EnumerateObject().Select(p => p.Name));
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/auth/approle/role/sidecar/secret-id/destroy", new { secret_id = newSecret })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/auth/approle/role/sidecar/secret-id/lookup", new { secret_id = newSecret })).Status);
        Assert.Equal(["invalid role or secret ID"], (await LoginAsync(harness, roleId, newSecret)).Errors);
    }

    [Fact]
    public async Task A_secret_id_ttl_above_the_roles_is_refused_and_an_expired_one_cannot_log_in()
    {
        using SandboxHarness harness = await SetUpAsync();
        await harness.RootAsync("POST", "/v1/auth/approle/role/short", new { token_policies = "secret", secret_id_ttl = "1s" });
        ApiResponse tooLong = await harness.RootAsync("POST", "/v1/auth/approle/role/short/secret-id", new { ttl = "1h" });
        Assert.Equal(["ttl cannot be longer than the role's secret_id_ttl"], tooLong.Errors);
        string roleId = (await harness.RootAsync("GET", "/v1/auth/approle/role/short/role-id")).Json.GetProperty("data").GetProperty("role_id").GetString()!;
        JsonElement made = (await harness.RootAsync("POST", "/v1/auth/approle/role/short/secret-id", "{}")).Json.GetProperty("data");
        Assert.Equal(1, made.GetProperty("secret_id_ttl").GetInt64());

        ApiResponse login = await LoginAsync(harness, roleId, made.GetProperty("secret_id").GetString()!);
        for (int i = 0; i < 100 && login.Status == HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            login = await LoginAsync(harness, roleId, made.GetProperty("secret_id").GetString()!);
        }

        Assert.Equal(["invalid role or secret ID"], login.Errors);
    }

    [Fact]
    public async Task Revoke_prefix_auth_approle_revokes_the_approle_tokens_and_only_those()
    {
        using SandboxHarness harness = await SetUpAsync();
        (string roleId, string secretId, _) = await RoleAsync(harness, "sidecar", uses: 0);
        string first = (await LoginAsync(harness, roleId, secretId)).Json.GetProperty("auth").GetProperty("client_token").GetString()!;
        string second = (await LoginAsync(harness, roleId, secretId)).Json.GetProperty("auth").GetProperty("client_token").GetString()!;
        string other = await harness.CreateTokenAsync("ci", "secret");

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("PUT", "/v1/sys/leases/revoke-prefix/auth/approle/")).Status);

        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: first)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: second)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: other)).Status);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync(harness, roleId, secretId)).Status);
    }

    [Fact]
    public async Task Disabling_the_auth_method_revokes_the_tokens_it_issued()
    {
        using SandboxHarness harness = await SetUpAsync();
        (string roleId, string secretId, _) = await RoleAsync(harness, "sidecar");
        string token = (await LoginAsync(harness, roleId, secretId)).Json.GetProperty("auth").GetProperty("client_token").GetString()!;

        await harness.RootAsync("DELETE", "/v1/sys/auth/approle");

        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token)).Status);
    }

    internal static async Task<SandboxHarness> SetUpAsync()
    {
        SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/auth/approle", new { type = "approle" })).Status);
        return harness;
    }

    internal static async Task<(string RoleId, string SecretId, string Accessor)> RoleAsync(SandboxHarness harness, string name, int uses = 2)
    {
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", $"/v1/auth/approle/role/{name}", new { token_policies = new[] { "secret" }, token_ttl = "1h", secret_id_num_uses = uses })).Status);
        string roleId = (await harness.RootAsync("GET", $"/v1/auth/approle/role/{name}/role-id")).Json.GetProperty("data").GetProperty("role_id").GetString()!;
        JsonElement made = (await harness.RootAsync("POST", $"/v1/auth/approle/role/{name}/secret-id", "{}")).Json.GetProperty("data");
        Assert.Equal(uses, made.GetProperty("secret_id_num_uses").GetInt64());
        return (roleId, made.GetProperty("secret_id").GetString()!, made.GetProperty("secret_id_accessor").GetString()!);
    }

    private static Task<ApiResponse> LoginAsync(SandboxHarness harness, string roleId, string secretId) =>
        harness.CallAsync("POST", "/v1/auth/approle/login", JsonSerializer.Serialize(new { role_id = roleId, secret_id = secretId }));
}
