using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>The KV v1 mount, the CLI's preflight (sys/internal/ui/mounts) and sys/mounts (vault-api-notes §0.5, §6).</summary>
public sealed class KvV1AndMountsTests
{
    [Fact]
    public async Task Kv_v1_is_a_flat_map_without_versions()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse write = await harness.CallAsync("PUT", "/v1/kv-v1/app/db", "{\"password\":\"pw\",\"port\":5432.0}", token: harness.RootToken);
        Assert.Equal(HttpStatusCode.NoContent, write.Status);

        ApiResponse read = await harness.RootAsync("GET", "/v1/kv-v1/app/db");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"], read.Keys);
        Assert.Equal("{\"password\":\"pw\",\"port\":5432.0}", read.Json.GetProperty("data").GetRawText());
        Assert.Equal(2764800, read.Json.GetProperty("lease_duration").GetInt64());
        Assert.False(read.Json.GetProperty("renewable").GetBoolean());
        Assert.Equal("kv", read.Json.GetProperty("mount_type").GetString());

        await harness.RootAsync("PUT", "/v1/kv-v1/app/cache", new { ttl = "1h", url = "redis://x" });
        Assert.Equal(3600, (await harness.RootAsync("GET", "/v1/kv-v1/app/cache")).Json.GetProperty("lease_duration").GetInt64());
        await harness.RootAsync("PUT", "/v1/kv-v1/other", new { a = "b" });

        Assert.Equal(["app/", "other"], (await harness.RootAsync("LIST", "/v1/kv-v1/")).Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(["cache", "db"], (await harness.RootAsync("GET", "/v1/kv-v1/app?list=true")).Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("LIST", "/v1/kv-v1/none")).Status);

        // Writes replace the whole map; no versions.
        await harness.RootAsync("POST", "/v1/kv-v1/app/db", new { password = "new" });
        Assert.Equal("{\"password\":\"new\"}", (await harness.RootAsync("GET", "/v1/kv-v1/app/db")).Json.GetProperty("data").GetRawText());
        Assert.Equal("{\"password\":\"new\"}", (await harness.RootAsync("GET", "/v1/kv-v1/app/db?version=1")).Json.GetProperty("data").GetRawText());

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/kv-v1/app/db")).Status);
        ApiResponse gone = await harness.RootAsync("GET", "/v1/kv-v1/app/db");
        Assert.Equal(HttpStatusCode.NotFound, gone.Status);
        Assert.Equal("{\"errors\":[]}\n", gone.Raw);
        Assert.Equal(["missing data fields"], (await harness.RootAsync("PUT", "/v1/kv-v1/empty", "{}")).Errors);
    }

    [Fact]
    public async Task Preflight_tells_v2_from_v1()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse v2 = await harness.RootAsync("GET", "/v1/sys/internal/ui/mounts/secret/app/db");
        Assert.Equal(HttpStatusCode.OK, v2.Status);
        JsonElement data = v2.Json.GetProperty("data");
        Assert.Equal("secret/", data.GetProperty("path").GetString());
        Assert.Equal("kv", data.GetProperty("type").GetString());
        Assert.Equal("2", data.GetProperty("options").GetProperty("version").GetString());
        Assert.Matches("^kv_[0-9a-f]{8}$", data.GetProperty("accessor").GetString());
        Assert.True(Guid.TryParse(data.GetProperty("uuid").GetString(), out _));
        Assert.Equal(AuditLog.Keys(data).Order(StringComparer.Ordinal), AuditLog.Keys(data));
        Assert.Equal("system", v2.Json.GetProperty("mount_type").GetString());
        Assert.False(v2.Json.TryGetProperty("path", out _)); // this path does not inject data at the top level

        ApiResponse v1 = await harness.RootAsync("GET", "/v1/sys/internal/ui/mounts/kv-v1/app/db");
        Assert.Equal("kv-v1/", v1.Json.GetProperty("data").GetProperty("path").GetString());
        Assert.Equal("1", v1.Json.GetProperty("data").GetProperty("options").GetProperty("version").GetString());

        Assert.Equal("secret/", (await harness.RootAsync("GET", "/v1/sys/internal/ui/mounts/secret")).Json.GetProperty("data").GetProperty("path").GetString());
        await harness.RootAsync("POST", "/v1/sys/mounts/plain", new { type = "kv" });
        ApiResponse plain = await harness.RootAsync("GET", "/v1/sys/internal/ui/mounts/plain/x");
        Assert.Equal(JsonValueKind.Null, plain.Json.GetProperty("data").GetProperty("options").ValueKind);
    }

    [Fact]
    public async Task Preflight_of_an_unknown_mount_is_Vaults_403()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse unknown = await harness.RootAsync("GET", "/v1/sys/internal/ui/mounts/foo/bar");

        Assert.Equal(HttpStatusCode.Forbidden, unknown.Status);
        Assert.Equal(["preflight capability check returned 403, please ensure client's policies grant access to path \"foo/bar/\""], unknown.Errors);

        // Unknown mount answers the same without a token, so mounts cannot be discovered.
        Assert.Equal(unknown.Errors, (await harness.CallAsync("GET", "/v1/sys/internal/ui/mounts/foo/bar")).Errors);
        ApiResponse noToken = await harness.CallAsync("GET", "/v1/sys/internal/ui/mounts/secret/x");
        Assert.Equal(HttpStatusCode.Forbidden, noToken.Status);
        Assert.Equal(["permission denied"], noToken.Errors);

        string other = await harness.CreateTokenAsync("other", "kv-v1");
        ApiResponse denied = await harness.CallAsync("GET", "/v1/sys/internal/ui/mounts/secret/x", token: other);
        Assert.Equal(["preflight capability check returned 403, please ensure client's policies grant access to path \"secret/x/\""], denied.Errors);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/internal/ui/mounts/kv-v1/x", token: other)).Status);
    }

    [Fact]
    public async Task Sys_mounts_lists_with_data_at_the_top_level()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse list = await harness.RootAsync("GET", "/v1/sys/mounts");

        Assert.Equal(HttpStatusCode.OK, list.Status);
        JsonElement data = list.Json.GetProperty("data");
        Assert.Equal(["cubbyhole/", "identity/", "kv-v1/", "secret/", "sys/"], AuditLog.Keys(data));
        foreach (JsonProperty mount in data.EnumerateObject())
        {
            Assert.Equal(mount.Value.GetRawText(), list.Json.GetProperty(mount.Name).GetRawText());
        }

        // Injected keys first, then the envelope (Vault's HTTPSysInjector).
        Assert.Equal(["cubbyhole/", "identity/", "kv-v1/", "secret/", "sys/", "request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"], list.Keys);
        Assert.Equal("system", data.GetProperty("sys/").GetProperty("type").GetString());
        Assert.Equal("{\"version\":\"2\"}", data.GetProperty("secret/").GetProperty("options").GetRawText());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("sys/").GetProperty("options").ValueKind);
        Assert.Equal("v0.21.0+builtin", data.GetProperty("secret/").GetProperty("running_plugin_version").GetString());
        Assert.Equal(["default_lease_ttl", "force_no_cache", "max_lease_ttl"], AuditLog.Keys(data.GetProperty("secret/").GetProperty("config")));
    }

    [Fact]
    public async Task Sys_mounts_enable_and_disable_follow_Vaults_rules()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/mounts/apps/kv", new { type = "kv", options = new { version = 2 }, description = "apps" })).Status);
        ApiResponse one = await harness.RootAsync("GET", "/v1/sys/mounts/apps/kv");
        Assert.Equal("apps", one.Json.GetProperty("data").GetProperty("description").GetString());
        Assert.Equal("apps", one.Json.GetProperty("description").GetString());

        Assert.Equal(["path is already in use at apps/kv/"], (await harness.RootAsync("POST", "/v1/sys/mounts/apps/kv", new { type = "kv-v2" })).Errors);
        Assert.Equal(["path is already in use at secret/"], (await harness.RootAsync("POST", "/v1/sys/mounts/secret/inner", new { type = "kv-v2" })).Errors);
        Assert.Equal(["path is already in use at apps/kv/"], (await harness.RootAsync("POST", "/v1/sys/mounts/apps", new { type = "kv-v2" })).Errors);
        Assert.Equal(["plugin not found in the catalog: pki"], (await harness.RootAsync("POST", "/v1/sys/mounts/pki", new { type = "pki" })).Errors);
        Assert.Equal(HttpStatusCode.BadRequest, (await harness.RootAsync("POST", "/v1/sys/mounts/sys/x", new { type = "kv" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await harness.RootAsync("DELETE", "/v1/sys/mounts/sys")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/sys/mounts/apps/kv")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/sys/mounts/never-mounted")).Status);
        Assert.DoesNotContain("apps/kv/", (await harness.RootAsync("GET", "/v1/sys/mounts")).Raw);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/apps/kv/data/x")).Status);

        // The default secret/ mount can go, and come back empty.
        await harness.RootAsync("POST", "/v1/secret/data/x", new { data = new { a = "b" } });
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/sys/mounts/secret")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.RootAsync("GET", "/v1/sys/internal/ui/mounts/secret/x")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/mounts/secret", new { type = "kv", options = new { version = "2" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/x")).Status);
    }
}
