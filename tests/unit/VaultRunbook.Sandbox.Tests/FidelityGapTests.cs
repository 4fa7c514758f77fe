using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>The gaps an independent client found (issue 10, item 7): mount tuning, key-status, rekey status.</summary>
public sealed class FidelityGapTests
{
    [Fact]
    public async Task Tune_reads_a_mount_instead_of_a_mount_named_secret_tune()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse tune = await harness.RootAsync("GET", "/v1/sys/mounts/secret/tune");

        Assert.Equal(HttpStatusCode.OK, tune.Status);
        JsonElement data = tune.Json.GetProperty("data");
        Assert.Equal(2764800, data.GetProperty("default_lease_ttl").GetInt64());
        Assert.Equal(2764800, data.GetProperty("max_lease_ttl").GetInt64());
        Assert.False(data.GetProperty("force_no_cache").GetBoolean());
        Assert.Equal("2", data.GetProperty("options").GetProperty("version").GetString());
        Assert.Equal(2764800, tune.Json.GetProperty("default_lease_ttl").GetInt64()); // injected at the top level too
    }

    [Fact]
    public async Task Tune_changes_ttls_and_description_and_sys_mounts_shows_them()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse tuned = await harness.RootAsync("POST", "/v1/sys/mounts/secret/tune", new { default_lease_ttl = "1h", max_lease_ttl = 7200, description = "app secrets" });

        Assert.Equal(HttpStatusCode.NoContent, tuned.Status);
        JsonElement data = (await harness.RootAsync("GET", "/v1/sys/mounts/secret/tune")).Json.GetProperty("data");
        Assert.Equal(3600, data.GetProperty("default_lease_ttl").GetInt64());
        Assert.Equal(7200, data.GetProperty("max_lease_ttl").GetInt64());
        Assert.Equal("app secrets", data.GetProperty("description").GetString());
        JsonElement listed = (await harness.RootAsync("GET", "/v1/sys/mounts")).Json.GetProperty("data").GetProperty("secret/");
        Assert.Equal(3600, listed.GetProperty("config").GetProperty("default_lease_ttl").GetInt64());
        Assert.False((await harness.RootAsync("GET", "/v1/sys/mounts")).Json.GetProperty("data").TryGetProperty("secret/tune/", out _));

        ApiResponse backwards = await harness.RootAsync("POST", "/v1/sys/mounts/secret/tune", new { default_lease_ttl = "3h" });
        Assert.Equal(HttpStatusCode.BadRequest, backwards.Status);
        ApiResponse unknown = await harness.RootAsync("GET", "/v1/sys/mounts/nope/tune");
        Assert.Equal(["cannot fetch sysview for path \"nope/\""], unknown.Errors);
    }

    [Fact]
    public async Task Key_status_reports_the_barrier_term()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse status = await harness.RootAsync("GET", "/v1/sys/key-status");

        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(1, status.Json.GetProperty("data").GetProperty("term").GetInt32());
        Assert.Equal(1, status.Json.GetProperty("term").GetInt32());
        Assert.True(DateTimeOffset.TryParse(status.Json.GetProperty("data").GetProperty("install_time").GetString(), out _));
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/sys/key-status")).Status);
    }

    [Fact]
    public async Task Rekey_status_says_no_rekey_is_running()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse status = await harness.CallAsync("GET", "/v1/sys/rekey/init");

        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(["nonce", "started", "t", "n", "progress", "required", "pgp_fingerprints", "backup", "verification_required"], status.Keys);
        Assert.False(status.Json.GetProperty("started").GetBoolean());
        Assert.Equal(3, status.Json.GetProperty("required").GetInt32());
    }

    [Fact]
    public async Task Subkeys_lists_the_keys_without_values_down_to_a_depth()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/data/app/db", new { data = new { user = "app", password = "s3cret", tls = new { cert = "c", key = new { pem = "k" } } } });

        ApiResponse all = await harness.RootAsync("GET", "/v1/secret/subkeys/app/db");
        ApiResponse top = await harness.RootAsync("GET", "/v1/secret/subkeys/app/db?depth=1");

        Assert.Equal(HttpStatusCode.OK, all.Status);
        JsonElement data = all.Json.GetProperty("data");
        Assert.Equal("{\"password\":null,\"tls\":{\"cert\":null,\"key\":{\"pem\":null}},\"user\":null}", data.GetProperty("subkeys").GetRawText());
        Assert.Equal(1, data.GetProperty("metadata").GetProperty("version").GetInt32());
        Assert.DoesNotContain("s3cret", all.Raw);
        Assert.Equal("{\"password\":null,\"tls\":null,\"user\":null}", top.Json.GetProperty("data").GetProperty("subkeys").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/subkeys/app/none")).Status);

        await harness.RootAsync("DELETE", "/v1/secret/data/app/db");
        ApiResponse deleted = await harness.RootAsync("GET", "/v1/secret/subkeys/app/db");
        Assert.Equal(HttpStatusCode.NotFound, deleted.Status);
        Assert.Equal(JsonValueKind.Null, deleted.Json.GetProperty("data").GetProperty("subkeys").ValueKind);
    }
}
