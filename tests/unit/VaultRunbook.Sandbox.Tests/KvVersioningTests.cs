using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>KV v2 versions, check-and-set, delete/undelete/destroy, pruning and settings (vault-api-notes §6).</summary>
public sealed class KvVersioningTests
{
    [Fact]
    public async Task Cas_mismatch_is_400_with_Vaults_text_and_writes_nothing()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/data/db", new { data = new { v = "1" } });

        ApiResponse stale = await harness.RootAsync("POST", "/v1/secret/data/db", new { data = new { v = "2" }, options = new { cas = 0 } });
        ApiResponse ahead = await harness.RootAsync("POST", "/v1/secret/data/db", new { data = new { v = "2" }, options = new { cas = 5 } });

        Assert.Equal(HttpStatusCode.BadRequest, stale.Status);
        Assert.Equal("{\"errors\":[\"check-and-set parameter did not match the current version\"]}\n", stale.Raw);
        Assert.Equal(HttpStatusCode.BadRequest, ahead.Status);
        ApiResponse meta = await harness.RootAsync("GET", "/v1/secret/metadata/db");
        Assert.Equal(1, meta.Json.GetProperty("data").GetProperty("current_version").GetInt64());

        ApiResponse right = await harness.RootAsync("POST", "/v1/secret/data/db", new { data = new { v = "2" }, options = new { cas = 1 } });
        Assert.Equal(2, right.Json.GetProperty("data").GetProperty("version").GetInt64());
        ApiResponse asText = await harness.CallAsync("POST", "/v1/secret/data/db", "{\"data\":{\"v\":\"3\"},\"options\":{\"cas\":\"2\"}}", token: harness.RootToken);
        Assert.Equal(3, asText.Json.GetProperty("data").GetProperty("version").GetInt64());
        ApiResponse garbage = await harness.CallAsync("POST", "/v1/secret/data/db", "{\"data\":{},\"options\":{\"cas\":\"x\"}}", token: harness.RootToken);
        Assert.Equal(["error parsing check-and-set parameter"], garbage.Errors);
    }

    [Fact]
    public async Task Cas_zero_writes_only_a_new_key()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.OK, (await harness.RootAsync("POST", "/v1/secret/data/once", new { data = new { a = "b" }, options = new { cas = 0 } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await harness.RootAsync("POST", "/v1/secret/data/once", new { data = new { a = "c" }, options = new { cas = 0 } })).Status);
    }

    [Fact]
    public async Task Write_without_data_is_400_no_data_provided()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        foreach (string body in new[] { "{}", "{\"options\":{\"cas\":0}}", "{\"data\":null}" })
        {
            ApiResponse response = await harness.CallAsync("POST", "/v1/secret/data/x", body, token: harness.RootToken);
            Assert.Equal(HttpStatusCode.BadRequest, response.Status);
            Assert.Equal(["no data provided"], response.Errors);
        }

        ApiResponse empty = await harness.CallAsync("PUT", "/v1/secret/data/x", null, token: harness.RootToken);
        Assert.Equal(["no data provided"], empty.Errors);
    }

    [Fact]
    public async Task Version_history_reads_each_version()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        for (int i = 1; i <= 4; i++)
        {
            ApiResponse write = await harness.RootAsync("PUT", "/v1/secret/data/history", new { data = new { value = "v" + i } });
            Assert.Equal(i, write.Json.GetProperty("data").GetProperty("version").GetInt64());
        }

        for (int i = 1; i <= 4; i++)
        {
            ApiResponse read = await harness.RootAsync("GET", $"/v1/secret/data/history?version={i}");
            Assert.Equal("v" + i, read.Json.GetProperty("data").GetProperty("data").GetProperty("value").GetString());
            Assert.Equal(i, read.Json.GetProperty("data").GetProperty("metadata").GetProperty("version").GetInt64());
        }

        ApiResponse latest = await harness.RootAsync("GET", "/v1/secret/data/history?version=0");
        Assert.Equal("v4", latest.Json.GetProperty("data").GetProperty("data").GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await harness.RootAsync("GET", "/v1/secret/data/history?version=abc")).Status);
    }

    [Fact]
    public async Task Delete_undelete_and_destroy_versions()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        for (int i = 1; i <= 3; i++)
        {
            await harness.RootAsync("POST", "/v1/secret/data/life", new { data = new { value = "v" + i } });
        }

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/secret/delete/life", new { versions = new[] { 1, 2 } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/life?version=1")).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.RootAsync("GET", "/v1/secret/data/life")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/secret/undelete/life", new { versions = new[] { 1 } })).Status);
        ApiResponse restored = await harness.RootAsync("GET", "/v1/secret/data/life?version=1");
        Assert.Equal("v1", restored.Json.GetProperty("data").GetProperty("data").GetProperty("value").GetString());
        Assert.Equal(string.Empty, restored.Json.GetProperty("data").GetProperty("metadata").GetProperty("deletion_time").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("PUT", "/v1/secret/destroy/life", new { versions = new[] { 1 } })).Status);
        ApiResponse destroyed = await harness.RootAsync("GET", "/v1/secret/data/life?version=1");
        Assert.Equal(HttpStatusCode.NotFound, destroyed.Status);
        Assert.True(destroyed.Json.GetProperty("data").GetProperty("metadata").GetProperty("destroyed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, destroyed.Json.GetProperty("data").GetProperty("data").ValueKind);

        // A destroyed version cannot be undeleted.
        await harness.RootAsync("POST", "/v1/secret/undelete/life", new { versions = new[] { 1 } });
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/life?version=1")).Status);

        JsonElement versions = (await harness.RootAsync("GET", "/v1/secret/metadata/life")).Json.GetProperty("data").GetProperty("versions");
        Assert.True(versions.GetProperty("1").GetProperty("destroyed").GetBoolean());
        Assert.NotEqual(string.Empty, versions.GetProperty("2").GetProperty("deletion_time").GetString());
        Assert.Equal(string.Empty, versions.GetProperty("3").GetProperty("deletion_time").GetString());

        Assert.Equal(["No version number provided"], (await harness.RootAsync("POST", "/v1/secret/delete/life", new { })).Errors);
        Assert.Equal(["No version number provided"], (await harness.RootAsync("POST", "/v1/secret/undelete/life", new { versions = Array.Empty<int>() })).Errors);
        Assert.Equal(["no version number provided"], (await harness.RootAsync("POST", "/v1/secret/destroy/life", new { })).Errors);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/secret/delete/life", new { versions = "2,3" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/life")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/secret/delete/nothing-here", new { versions = new[] { 1 } })).Status);
    }

    [Fact]
    public async Task Delete_of_data_soft_deletes_the_latest_version_only()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/data/soft", new { data = new { value = "one" } });
        await harness.RootAsync("POST", "/v1/secret/data/soft", new { data = new { value = "two" } });

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/secret/data/soft")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/soft")).Status);
        Assert.Equal("one", (await harness.RootAsync("GET", "/v1/secret/data/soft?version=1")).Json.GetProperty("data").GetProperty("data").GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/secret/data/never")).Status);

        ApiResponse newer = await harness.RootAsync("POST", "/v1/secret/data/soft", new { data = new { value = "three" } });
        Assert.Equal(3, newer.Json.GetProperty("data").GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Max_versions_prunes_and_moves_oldest_version()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        for (int i = 1; i <= 9; i++)
        {
            await harness.RootAsync("POST", "/v1/secret/data/pruned", new { data = new { i } });
        }

        JsonElement meta = (await harness.RootAsync("GET", "/v1/secret/metadata/pruned")).Json.GetProperty("data");
        Assert.Equal(0, meta.GetProperty("oldest_version").GetInt64());
        Assert.Equal(9, meta.GetProperty("versions").EnumerateObject().Count());

        // Vault's window: once current - oldest reaches max_versions (default 10), oldest moves.
        await harness.RootAsync("POST", "/v1/secret/data/pruned", new { data = new { i = 10 } });
        meta = (await harness.RootAsync("GET", "/v1/secret/metadata/pruned")).Json.GetProperty("data");
        Assert.Equal(1, meta.GetProperty("oldest_version").GetInt64());
        Assert.Equal(10, meta.GetProperty("versions").EnumerateObject().Count());

        for (int i = 11; i <= 12; i++)
        {
            await harness.RootAsync("POST", "/v1/secret/data/pruned", new { data = new { i } });
        }

        meta = (await harness.RootAsync("GET", "/v1/secret/metadata/pruned")).Json.GetProperty("data");
        Assert.Equal(3, meta.GetProperty("oldest_version").GetInt64());
        Assert.Equal(12, meta.GetProperty("current_version").GetInt64());
        Assert.Equal(Enumerable.Range(3, 10).Select(i => i.ToString()).Order(StringComparer.Ordinal), AuditLog.Keys(meta.GetProperty("versions")));
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/pruned?version=2")).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.RootAsync("GET", "/v1/secret/data/pruned?version=3")).Status);

        // A lower key setting prunes more at the next write; the larger of key and mount wins.
        await harness.RootAsync("POST", "/v1/secret/metadata/pruned", new { max_versions = 3 });
        await harness.RootAsync("POST", "/v1/secret/data/pruned", new { data = new { i = 13 } });
        meta = (await harness.RootAsync("GET", "/v1/secret/metadata/pruned")).Json.GetProperty("data");
        Assert.Equal(["11", "12", "13"], AuditLog.Keys(meta.GetProperty("versions")));
        Assert.Equal(11, meta.GetProperty("oldest_version").GetInt64());

        await harness.RootAsync("POST", "/v1/secret/config", new { max_versions = 5 });
        await harness.RootAsync("POST", "/v1/secret/data/pruned", new { data = new { i = 14 } });
        meta = (await harness.RootAsync("GET", "/v1/secret/metadata/pruned")).Json.GetProperty("data");
        Assert.Equal(["11", "12", "13", "14"], AuditLog.Keys(meta.GetProperty("versions")));
    }

    [Fact]
    public async Task Cas_required_on_the_key_or_the_mount()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/metadata/guarded", new { cas_required = true });

        ApiResponse missing = await harness.RootAsync("POST", "/v1/secret/data/guarded", new { data = new { a = "b" } });
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(["check-and-set parameter required for this call"], missing.Errors);
        Assert.Equal(HttpStatusCode.OK, (await harness.RootAsync("POST", "/v1/secret/data/guarded", new { data = new { a = "b" }, options = new { cas = 0 } })).Status);

        Assert.Equal(HttpStatusCode.OK, (await harness.RootAsync("POST", "/v1/secret/data/free", new { data = new { a = "b" } })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/secret/config", new { cas_required = true })).Status);
        Assert.True((await harness.RootAsync("GET", "/v1/secret/config")).Json.GetProperty("data").GetProperty("cas_required").GetBoolean());
        Assert.Equal(["check-and-set parameter required for this call"], (await harness.RootAsync("POST", "/v1/secret/data/free", new { data = new { a = "c" } })).Errors);

        ApiResponse ignored = await harness.RootAsync("POST", "/v1/secret/metadata/free", new { cas_required = false });
        Assert.Equal(HttpStatusCode.OK, ignored.Status);
        Assert.Contains("mandated by backend config", Assert.Single(ignored.Json.GetProperty("warnings").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task Custom_metadata_limits_follow_Vault()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        var tooMany = Enumerable.Range(0, 65).ToDictionary(i => "k" + i, i => "v");
        ApiResponse many = await harness.RootAsync("POST", "/v1/secret/metadata/cm", new { custom_metadata = tooMany });
        Assert.Equal(HttpStatusCode.BadRequest, many.Status);
        Assert.Equal("1 error occurred:\n\t* custom_metadata validation failed: payload must contain at most 64 keys, provided 65\n\n", Assert.Single(many.Errors));

        var longKey = new Dictionary<string, string> { [new string('k', 129)] = "v", ["ok"] = new string('v', 513) };
        string[] errors = (await harness.RootAsync("POST", "/v1/secret/metadata/cm", new { custom_metadata = longKey })).Errors;
        string message = Assert.Single(errors);
        Assert.StartsWith("2 errors occurred:\n", message);
        Assert.Contains("length of key \"" + new string('k', 129) + "\" is 129 but must be 0 < len(key) <= 128", message);
        Assert.Contains("length of value for key \"ok\" is 513 but must be 0 < len(value) <= 512", message);

        Assert.Contains("contains unprintable characters", Assert.Single((await harness.RootAsync("POST", "/v1/secret/metadata/cm", new { custom_metadata = new Dictionary<string, string> { ["tab\tkey"] = "v" } })).Errors));
        Assert.Contains("0 < len(value)", Assert.Single((await harness.RootAsync("POST", "/v1/secret/metadata/cm", new { custom_metadata = new { empty = "" } })).Errors));

        var atLimit = Enumerable.Range(0, 64).ToDictionary(i => "k" + i, i => new string('v', 512));
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/secret/metadata/cm", new { custom_metadata = atLimit })).Status);
        Assert.Equal(64, (await harness.RootAsync("GET", "/v1/secret/metadata/cm")).Json.GetProperty("data").GetProperty("custom_metadata").EnumerateObject().Count());

        // custom_metadata shows up in the version metadata of data reads and writes.
        ApiResponse write = await harness.RootAsync("POST", "/v1/secret/data/cm", new { data = new { a = "b" } });
        Assert.Equal(64, write.Json.GetProperty("data").GetProperty("custom_metadata").EnumerateObject().Count());
    }

    [Fact]
    public async Task List_shows_keys_and_folders_and_404_when_empty()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        foreach (string key in new[] { "app/db", "app/api/key", "app/api/cert", "top", "zeta/x" })
        {
            await harness.RootAsync("POST", "/v1/secret/data/" + key, new { data = new { a = "b" } });
        }

        ApiResponse root = await harness.RootAsync("LIST", "/v1/secret/metadata");
        Assert.Equal(HttpStatusCode.OK, root.Status);
        Assert.Equal(["app/", "top", "zeta/"], root.Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));

        ApiResponse app = await harness.RootAsync("GET", "/v1/secret/metadata/app/?list=true");
        Assert.Equal(["api/", "db"], app.Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));
        ApiResponse api = await harness.RootAsync("LIST", "/v1/secret/metadata/app/api");
        Assert.Equal(["cert", "key"], api.Json.GetProperty("data").GetProperty("keys").EnumerateArray().Select(k => k.GetString()));

        ApiResponse none = await harness.RootAsync("LIST", "/v1/secret/metadata/nothing/");
        Assert.Equal(HttpStatusCode.NotFound, none.Status);
        Assert.Equal("{\"errors\":[]}\n", none.Raw);
        Assert.Equal(HttpStatusCode.BadRequest, (await harness.RootAsync("GET", "/v1/secret/metadata/?list=maybe")).Status);

        // Soft-deleted keys still list; a metadata delete removes the key and every version.
        await harness.RootAsync("DELETE", "/v1/secret/data/top");
        Assert.Contains("top", (await harness.RootAsync("LIST", "/v1/secret/metadata")).Raw);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/secret/metadata/top")).Status);
        Assert.DoesNotContain("\"top\"", (await harness.RootAsync("LIST", "/v1/secret/metadata")).Raw);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/top?version=1")).Status);
    }

    [Fact]
    public async Task Patch_needs_the_merge_patch_content_type()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/data/patched", new { data = new { keep = "1", change = "old", drop = "x", nested = new { a = "1", b = "2" } } });

        ApiResponse wrongType = await harness.CallAsync("PATCH", "/v1/secret/data/patched", "{\"data\":{\"change\":\"new\"}}", token: harness.RootToken);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.Status);
        Assert.Contains("application/merge-patch+json", Assert.Single(wrongType.Errors));

        ApiResponse patched = await harness.CallAsync(
            "PATCH",
            "/v1/secret/data/patched",
            "{\"data\":{\"change\":\"new\",\"drop\":null,\"nested\":{\"b\":null,\"c\":\"3\"}},\"options\":{\"cas\":1}}",
            token: harness.RootToken,
            contentType: "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, patched.Status);
        Assert.Equal(2, patched.Json.GetProperty("data").GetProperty("version").GetInt64());
        JsonElement data = (await harness.RootAsync("GET", "/v1/secret/data/patched")).Json.GetProperty("data").GetProperty("data");
        Assert.Equal("{\"change\":\"new\",\"keep\":\"1\",\"nested\":{\"a\":\"1\",\"c\":\"3\"}}", data.GetRawText());

        ApiResponse staleCas = await harness.CallAsync("PATCH", "/v1/secret/data/patched", "{\"data\":{\"a\":\"b\"},\"options\":{\"cas\":1}}", token: harness.RootToken, contentType: "application/merge-patch+json");
        Assert.Equal(["check-and-set parameter did not match the current version"], staleCas.Errors);

        ApiResponse absent = await harness.CallAsync("PATCH", "/v1/secret/data/absent", "{\"data\":{\"a\":\"b\"}}", token: harness.RootToken, contentType: "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.NotFound, absent.Status);
        Assert.Equal(string.Empty, absent.Raw);
        Assert.Equal("application/json", absent.ContentType);

        await harness.RootAsync("DELETE", "/v1/secret/data/patched");
        ApiResponse deleted = await harness.CallAsync("PATCH", "/v1/secret/data/patched", "{\"data\":{\"a\":\"b\"}}", token: harness.RootToken, contentType: "application/merge-patch+json");
        Assert.Equal(HttpStatusCode.NotFound, deleted.Status);
        Assert.Equal(2, deleted.Json.GetProperty("data").GetProperty("version").GetInt64());
        Assert.NotEqual(string.Empty, deleted.Json.GetProperty("data").GetProperty("deletion_time").GetString());
    }

    [Fact]
    public async Task Metadata_patch_merges_custom_metadata()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/metadata/m", new { custom_metadata = new { owner = "ops", team = "sre" }, max_versions = 4 });

        ApiResponse patch = await harness.CallAsync("PATCH", "/v1/secret/metadata/m", "{\"custom_metadata\":{\"team\":null,\"tier\":\"1\"},\"cas_required\":true}", token: harness.RootToken, contentType: "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.NoContent, patch.Status);
        JsonElement meta = (await harness.RootAsync("GET", "/v1/secret/metadata/m")).Json.GetProperty("data");
        Assert.Equal("{\"owner\":\"ops\",\"tier\":\"1\"}", meta.GetProperty("custom_metadata").GetRawText());
        Assert.True(meta.GetProperty("cas_required").GetBoolean());
        Assert.Equal(4, meta.GetProperty("max_versions").GetInt64());
        Assert.Equal(0, meta.GetProperty("current_version").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await harness.CallAsync("PATCH", "/v1/secret/metadata/none", "{\"max_versions\":1}", token: harness.RootToken, contentType: "application/merge-patch+json")).Status);
    }

    [Fact]
    public async Task Delete_version_after_schedules_deletion_and_config_round_trips()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/secret/config", new { max_versions = 7, delete_version_after = "1h" })).Status);
        JsonElement config = (await harness.RootAsync("GET", "/v1/secret/config")).Json.GetProperty("data");
        Assert.Equal("{\"cas_required\":false,\"delete_version_after\":\"1h0m0s\",\"max_versions\":7}", config.GetRawText());

        ApiResponse write = await harness.RootAsync("POST", "/v1/secret/data/expiring", new { data = new { a = "b" } });
        DateTime created = DateTime.Parse(write.Json.GetProperty("data").GetProperty("created_time").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        DateTime deletion = DateTime.Parse(write.Json.GetProperty("data").GetProperty("deletion_time").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.Equal(TimeSpan.FromHours(1), deletion - created);
        Assert.Equal(HttpStatusCode.OK, (await harness.RootAsync("GET", "/v1/secret/data/expiring")).Status);

        // The key's shorter setting wins; a negative mount setting disables it.
        await harness.RootAsync("POST", "/v1/secret/metadata/expiring", new { delete_version_after = 90 });
        write = await harness.RootAsync("POST", "/v1/secret/data/expiring", new { data = new { a = "c" } });
        created = DateTime.Parse(write.Json.GetProperty("data").GetProperty("created_time").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        deletion = DateTime.Parse(write.Json.GetProperty("data").GetProperty("deletion_time").GetString()!, null, System.Globalization.DateTimeStyles.RoundtripKind);
        Assert.Equal(TimeSpan.FromSeconds(90), deletion - created);
        Assert.Equal("1m30s", (await harness.RootAsync("GET", "/v1/secret/metadata/expiring")).Json.GetProperty("data").GetProperty("delete_version_after").GetString());

        await harness.RootAsync("POST", "/v1/secret/config", new { delete_version_after = "-1s" });
        Assert.Equal("-1s", (await harness.RootAsync("GET", "/v1/secret/config")).Json.GetProperty("data").GetProperty("delete_version_after").GetString());
        write = await harness.RootAsync("POST", "/v1/secret/data/expiring", new { data = new { a = "d" } });
        Assert.Equal(string.Empty, write.Json.GetProperty("data").GetProperty("deletion_time").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await harness.RootAsync("POST", "/v1/secret/metadata/expiring", new { delete_version_after = "-5s" })).Status);
    }

    [Fact]
    public async Task Numbers_read_back_as_Go_float64_would_print_them()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.CallAsync("POST", "/v1/secret/data/numbers", "{\"data\":{\"port\":5432,\"ratio\":1.50,\"big\":12345678901234567890,\"tiny\":0.0000001,\"flag\":true,\"list\":[1,\"a\",null]}}", token: harness.RootToken);

        JsonElement data = (await harness.RootAsync("GET", "/v1/secret/data/numbers")).Json.GetProperty("data").GetProperty("data");

        Assert.Equal("{\"big\":12345678901234567000,\"flag\":true,\"list\":[1,\"a\",null],\"port\":5432,\"ratio\":1.5,\"tiny\":1e-7}", data.GetRawText());
    }

    [Fact]
    public async Task A_second_kv_mount_through_sys_mounts_keeps_its_own_settings()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/mounts/team-a", new { type = "kv", options = new { version = "2" } })).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/mounts/team-b", new { type = "kv-v2" })).Status);
        await harness.RootAsync("POST", "/v1/team-a/config", new { cas_required = true });

        Assert.Equal(HttpStatusCode.BadRequest, (await harness.RootAsync("POST", "/v1/team-a/data/x", new { data = new { a = "b" } })).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.RootAsync("POST", "/v1/team-b/data/x", new { data = new { a = "b" } })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/x")).Status);

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/sys/mounts/team-b")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/team-b/data/x")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/mounts/team-b", new { type = "kv-v2" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/team-b/data/x")).Status);
    }
}
