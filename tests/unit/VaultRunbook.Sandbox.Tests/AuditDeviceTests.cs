using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>sys/audit, sys/audit-hash and the file device's lines (vault-api-notes §8).</summary>
public sealed class AuditDeviceTests
{
    /// <summary>Vault's audit.Auth struct field order.</summary>
    private static readonly string[] AuthOrder =
    [
        "accessor", "client_token", "display_name", "entity_created", "entity_id", "external_namespace_policies",
        "identity_policies", "metadata", "no_default_policy", "num_uses", "policies", "policy_results",
        "remaining_uses", "token_policies", "token_issue_time", "token_ttl", "token_type",
    ];

    /// <summary>Vault's audit.Request struct fields (alphabetical).</summary>
    private static readonly string[] RequestOrder =
    [
        "client_certificate_serial_number", "client_id", "client_token", "client_token_accessor", "data", "headers", "id",
        "mount_accessor", "mount_class", "mount_is_external_plugin", "mount_point", "mount_running_sha256",
        "mount_running_version", "mount_type", "namespace", "operation", "path", "policy_override", "remote_address",
        "remote_port", "replication_cluster", "request_uri", "wrap_ttl",
    ];

    /// <summary>Vault's audit.Response struct fields (alphabetical).</summary>
    private static readonly string[] ResponseOrder =
    [
        "auth", "data", "headers", "mount_accessor", "mount_class", "mount_is_external_plugin", "mount_point",
        "mount_running_sha256", "mount_running_plugin_version", "mount_type", "redirect", "secret", "wrap_info", "warnings",
    ];

    [Fact]
    public async Task Enable_list_and_disable_a_file_device()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);

        ApiResponse enable = await harness.RootAsync("PUT", "/v1/sys/audit/file", new { type = "file", description = "Store logs in a file", options = new { file_path = log } });
        Assert.Equal(HttpStatusCode.NoContent, enable.Status);

        ApiResponse list = await harness.RootAsync("GET", "/v1/sys/audit");
        Assert.Equal(HttpStatusCode.OK, list.Status);
        JsonElement device = list.Json.GetProperty("data").GetProperty("file/");
        Assert.Equal(device.GetRawText(), list.Json.GetProperty("file/").GetRawText());
        Assert.Equal(["description", "local", "options", "path", "type"], AuditLog.Keys(device));
        Fixtures.AssertCovers(Fixtures.Load("sys-audit.list.200.json").GetProperty("file"), device, "sys-audit.list.200.json");
        Assert.Equal("file", device.GetProperty("type").GetString());
        Assert.Equal("file/", device.GetProperty("path").GetString());
        Assert.Equal("Store logs in a file", device.GetProperty("description").GetString());
        Assert.Equal(log, device.GetProperty("options").GetProperty("file_path").GetString());
        Assert.False(device.GetProperty("local").GetBoolean());

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
        }

        // Vault's enable-time test entry comes first.
        JsonElement probe = AuditLog.Entries(log, includeProbe: true)[0];
        Assert.Equal("sys/audit/test", probe.GetProperty("request").GetProperty("path").GetString());
        Assert.Equal("update", probe.GetProperty("request").GetProperty("operation").GetString());
        Assert.Equal("request", probe.GetProperty("type").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/sys/audit/file")).Status);
        ApiResponse empty = await harness.RootAsync("GET", "/v1/sys/audit");
        Assert.Equal("{}", empty.Json.GetProperty("data").GetRawText());
        int lines = AuditLog.RawLines(log).Length;
        await harness.RootAsync("GET", "/v1/sys/mounts");
        Assert.Equal(lines, AuditLog.RawLines(log).Length);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/sys/audit/never")).Status);
    }

    [Fact]
    public async Task Enable_refuses_what_Vault_refuses()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "file", log);

        Assert.Equal(["path already in use"], (await harness.RootAsync("PUT", "/v1/sys/audit/file", new { type = "file", options = new { file_path = log } })).Errors);
        Assert.Equal(["path already in use"], (await harness.RootAsync("PUT", "/v1/sys/audit/file/inner", new { type = "file", options = new { file_path = log } })).Errors);
        Assert.Equal(["unknown backend type: \"nope\""], (await harness.RootAsync("PUT", "/v1/sys/audit/other", new { type = "nope", options = new { file_path = log } })).Errors);
        Assert.Equal(["file_path is required"], (await harness.RootAsync("POST", "/v1/sys/audit/other", new { type = "file" })).Errors);
        Assert.Equal(HttpStatusCode.BadRequest, (await harness.RootAsync("POST", "/v1/sys/audit/other", new { type = "file", options = new { file_path = log, log_raw = "maybe" } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await harness.RootAsync("POST", "/v1/sys/audit/other", new { type = "file", options = new { file_path = "stdout", log_raw = "true" } })).Status);

        string notRoot = await harness.CreateTokenAsync("ops", "secret");
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("PUT", "/v1/sys/audit/other", "{\"type\":\"file\",\"options\":{\"file_path\":\"discard\"}}", token: notRoot)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/sys/audit", token: notRoot)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/audit/other", new { type = "file", options = new { file_path = "discard" } })).Status);
    }

    [Fact]
    public async Task A_kv_write_and_read_give_request_response_pairs_in_Vaults_format()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "file", log);
        string salt = harness.Sandbox.AuditSalt("file")!;

        ApiResponse write = await harness.RootAsync("POST", "/v1/secret/data/lab/cred", new { data = new { password = "hunter2", port = 5432, enabled = true }, options = new { cas = 0 } });
        ApiResponse read = await harness.RootAsync("GET", "/v1/secret/data/lab/cred");

        JsonElement[] entries = AuditLog.ForPath(log, "secret/data/lab/cred");
        Assert.Equal(["request", "response", "request", "response"], entries.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(entries[0].GetProperty("request").GetProperty("id").GetString(), entries[1].GetProperty("request").GetProperty("id").GetString());
        Assert.Equal(entries[2].GetProperty("request").GetProperty("id").GetString(), entries[3].GetProperty("request").GetProperty("id").GetString());
        Assert.NotEqual(entries[0].GetProperty("request").GetProperty("id").GetString(), entries[2].GetProperty("request").GetProperty("id").GetString());
        Assert.Equal(write.Json.GetProperty("request_id").GetString(), entries[0].GetProperty("request").GetProperty("id").GetString());
        Assert.Equal(read.Json.GetProperty("request_id").GetString(), entries[2].GetProperty("request").GetProperty("id").GetString());
        Assert.Equal("create", entries[0].GetProperty("request").GetProperty("operation").GetString());
        Assert.Equal("read", entries[2].GetProperty("request").GetProperty("operation").GetString());

        foreach (JsonElement entry in entries)
        {
            string[] keys = AuditLog.Keys(entry);
            Assert.Equal(keys.Order(StringComparer.Ordinal), keys);
            Fixtures.AssertInOrder(AuditLog.Keys(entry.GetProperty("auth")), AuthOrder);
            Fixtures.AssertInOrder(AuditLog.Keys(entry.GetProperty("request")), RequestOrder);
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$", entry.GetProperty("time").GetString());
            Assert.False(entry.TryGetProperty("error", out _));

            JsonElement auth = entry.GetProperty("auth");
            Assert.Equal(AuditLog.Hmac(salt, harness.RootToken), auth.GetProperty("client_token").GetString());
            Assert.StartsWith("hmac-sha256:", auth.GetProperty("accessor").GetString());
            Assert.Equal("root", auth.GetProperty("display_name").GetString());
            Assert.Equal(["root"], auth.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
            Assert.Equal("service", auth.GetProperty("token_type").GetString());
            Assert.True(auth.GetProperty("policy_results").GetProperty("allowed").GetBoolean());

            JsonElement request = entry.GetProperty("request");
            Assert.Equal(auth.GetProperty("client_token").GetString(), request.GetProperty("client_token").GetString());
            Assert.Equal(auth.GetProperty("accessor").GetString(), request.GetProperty("client_token_accessor").GetString());
            Assert.Equal("secret/", request.GetProperty("mount_point").GetString());
            Assert.Equal("kv", request.GetProperty("mount_type").GetString());
            Assert.Equal("secret", request.GetProperty("mount_class").GetString());
            Assert.Equal("{\"id\":\"root\"}", request.GetProperty("namespace").GetRawText());
            Assert.Equal("127.0.0.1", request.GetProperty("remote_address").GetString());
            Assert.True(request.GetProperty("remote_port").GetInt32() > 0);
        }

        foreach (JsonElement response in new[] { entries[1], entries[3] }.Select(e => e.GetProperty("response")))
        {
            Fixtures.AssertInOrder(AuditLog.Keys(response), ResponseOrder);
            Assert.Equal("secret/", response.GetProperty("mount_point").GetString());
            Assert.Equal("kv", response.GetProperty("mount_type").GetString());
            Assert.Equal("v0.21.0+builtin", response.GetProperty("mount_running_plugin_version").GetString());
        }

        // Request data: strings HMAC'd; numbers too, as Vault decodes request JSON with json.Number; bools in clear.
        JsonElement sent = entries[0].GetProperty("request").GetProperty("data");
        Assert.Equal(AuditLog.Hmac(salt, "hunter2"), sent.GetProperty("data").GetProperty("password").GetString());
        Assert.Equal(AuditLog.Hmac(salt, "5432"), sent.GetProperty("data").GetProperty("port").GetString());
        Assert.True(sent.GetProperty("data").GetProperty("enabled").GetBoolean());
        Assert.Equal(AuditLog.Hmac(salt, "0"), sent.GetProperty("options").GetProperty("cas").GetString());

        // Response data: RFC 3339 times and server-made numbers in clear, other strings (even "") HMAC'd.
        JsonElement written = entries[1].GetProperty("response").GetProperty("data");
        Assert.Equal(write.Json.GetProperty("data").GetProperty("created_time").GetString(), written.GetProperty("created_time").GetString());
        Assert.Equal(AuditLog.Hmac(salt, string.Empty), written.GetProperty("deletion_time").GetString());
        Assert.Equal(1, written.GetProperty("version").GetInt64());
        Assert.False(written.GetProperty("destroyed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, written.GetProperty("custom_metadata").ValueKind);

        JsonElement got = entries[3].GetProperty("response").GetProperty("data");
        Assert.Equal(AuditLog.Hmac(salt, "hunter2"), got.GetProperty("data").GetProperty("password").GetString());
        Assert.Equal(5432, got.GetProperty("data").GetProperty("port").GetInt64());
        Assert.Equal(1, got.GetProperty("metadata").GetProperty("version").GetInt64());
        Assert.Equal(read.Json.GetProperty("data").GetProperty("metadata").GetProperty("created_time").GetString(), got.GetProperty("metadata").GetProperty("created_time").GetString());

        string file = File.ReadAllText(log);
        Assert.DoesNotContain("hunter2", file);
        Assert.DoesNotContain(harness.RootToken, file);
        Assert.DoesNotContain(salt, file);
    }

    [Fact]
    public async Task Audit_lines_match_the_field_shapes_of_real_Vault_lines()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "file", log);
        ApiResponse created = await harness.RootAsync("POST", "/v1/auth/token/create", new { display_name = "alice", policies = new[] { "secret" }, meta = new { username = "alice" } });
        string token = created.Json.GetProperty("auth").GetProperty("client_token").GetString()!;
        await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token);

        JsonElement[] real = File.ReadAllLines(Path.Combine(Fixtures.Folder, "audit-file.schema-doc-1.19.compacted.jsonl"))
            .Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToArray();
        JsonElement[] ours = AuditLog.ForPath(log, "auth/token/lookup-self");

        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(AuditLog.Keys(real[i]), AuditLog.Keys(ours[i]));
            foreach (string part in new[] { "auth", "request" })
            {
                foreach (JsonProperty field in ours[i].GetProperty(part).EnumerateObject())
                {
                    if (real[i].GetProperty(part).TryGetProperty(field.Name, out JsonElement sample))
                    {
                        Assert.True(Fixtures.Kind(sample) == Fixtures.Kind(field.Value), $"{part}.{field.Name}");
                    }
                }
            }
        }

        JsonElement response = ours[1].GetProperty("response");
        JsonElement realResponse = real[1].GetProperty("response");
        Assert.Equal(AuditLog.Keys(realResponse).Where(k => k != "mount_accessor"), AuditLog.Keys(response).Where(k => k != "mount_accessor"));
        foreach (string same in new[] { "mount_class", "mount_point", "mount_type" })
        {
            Assert.Equal(realResponse.GetProperty(same).GetString(), response.GetProperty(same).GetString());
        }

        // The lookup data hashed as in the real line: strings and policies HMAC'd, numbers, bools and RFC 3339 times not.
        JsonElement data = response.GetProperty("data");
        foreach (JsonProperty field in realResponse.GetProperty("data").EnumerateObject())
        {
            Assert.True(data.TryGetProperty(field.Name, out JsonElement mine), field.Name);
            Assert.Equal(Fixtures.Kind(field.Value), Fixtures.Kind(mine));
            if (field.Value.ValueKind == JsonValueKind.String)
            {
                Assert.Equal(field.Value.GetString()!.StartsWith("hmac-sha256:"), mine.GetString()!.StartsWith("hmac-sha256:"));
            }
        }

        Assert.Equal("token-alice", ours[0].GetProperty("auth").GetProperty("display_name").GetString());
        Assert.Equal(2764800, ours[0].GetProperty("auth").GetProperty("token_ttl").GetInt64());
    }

    [Fact]
    public async Task Different_tokens_show_their_own_display_names()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "file", log);
        string ci = await harness.CreateTokenAsync("ci", "secret");
        string ops = await harness.CreateTokenAsync("ops team", "secret");
        await harness.RootAsync("POST", "/v1/secret/data/shared", new { data = new { a = "b" } });

        await harness.CallAsync("GET", "/v1/secret/data/shared", token: ci);
        await harness.CallAsync("GET", "/v1/secret/data/shared", token: ops);

        JsonElement[] reads = AuditLog.ForPath(log, "secret/data/shared").Where(e => e.GetProperty("request").GetProperty("operation").GetString() == "read").ToArray();
        Assert.Equal(["token-ci", "token-ci", "token-ops-team", "token-ops-team"], reads.Select(e => e.GetProperty("auth").GetProperty("display_name").GetString()));
        Assert.Equal(["default", "secret"], reads[0].GetProperty("auth").GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("secret", reads[0].GetProperty("auth").GetProperty("policy_results").GetProperty("granting_policies")[0].GetProperty("name").GetString());

        JsonElement create = AuditLog.ForPath(log, "auth/token/create").Last();
        JsonElement issued = create.GetProperty("response").GetProperty("auth");
        string salt = harness.Sandbox.AuditSalt("file")!;
        Assert.Equal(AuditLog.Hmac(salt, ops), issued.GetProperty("client_token").GetString());
        Assert.Equal("token-ops-team", issued.GetProperty("display_name").GetString());
        Assert.DoesNotContain(ci, File.ReadAllText(log));
    }

    [Fact]
    public async Task A_refused_request_is_one_request_entry_with_the_error()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "file", log);
        string salt = harness.Sandbox.AuditSalt("file")!;

        await harness.CallAsync("GET", "/v1/secret/data/denied", token: "hvs.badbadbadbadbadbadbadbad");
        await harness.RootAsync("POST", "/v1/secret/data/denied", new { data = new { a = "b" }, options = new { cas = 9 } });

        JsonElement[] entries = AuditLog.ForPath(log, "secret/data/denied");
        Assert.Equal(3, entries.Length);
        Assert.Equal("request", entries[0].GetProperty("type").GetString());
        Assert.Equal("permission denied", entries[0].GetProperty("error").GetString());
        Assert.Equal(AuditLog.Hmac(salt, "hvs.badbadbadbadbadbadbadbad"), entries[0].GetProperty("request").GetProperty("client_token").GetString());

        // A backend error: the outer error "invalid request", Vault's message HMAC'd in response.data.error.
        Assert.Equal("invalid request", entries[2].GetProperty("error").GetString());
        Assert.Equal(AuditLog.Hmac(salt, "check-and-set parameter did not match the current version"), entries[2].GetProperty("response").GetProperty("data").GetProperty("error").GetString());
    }

    [Fact]
    public async Task Log_raw_and_hmac_accessor_change_what_is_hashed()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string raw = AuditLog.NewPath(harness);
        string plainAccessor = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "raw", raw, new() { ["log_raw"] = "true" });
        await AuditLog.EnableAsync(harness, "acc", plainAccessor, new() { ["hmac_accessor"] = "false" });
        string accessor = (await harness.RootAsync("GET", "/v1/auth/token/lookup-self")).Json.GetProperty("data").GetProperty("accessor").GetString()!;

        await harness.RootAsync("POST", "/v1/secret/data/r", new { data = new { password = "visible" } });

        JsonElement rawEntry = AuditLog.ForPath(raw, "secret/data/r")[0];
        Assert.Equal("visible", rawEntry.GetProperty("request").GetProperty("data").GetProperty("data").GetProperty("password").GetString());
        Assert.Equal(harness.RootToken, rawEntry.GetProperty("auth").GetProperty("client_token").GetString());

        JsonElement accEntry = AuditLog.ForPath(plainAccessor, "secret/data/r")[0];
        Assert.Equal(accessor, accEntry.GetProperty("auth").GetProperty("accessor").GetString());
        Assert.Equal(accessor, accEntry.GetProperty("request").GetProperty("client_token_accessor").GetString());
        Assert.StartsWith("hmac-sha256:", accEntry.GetProperty("auth").GetProperty("client_token").GetString());
        Assert.NotEqual(harness.Sandbox.AuditSalt("raw"), harness.Sandbox.AuditSalt("acc"));
    }

    [Fact]
    public async Task Audit_hash_answers_the_devices_HMAC()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "example-audit", log);
        string salt = harness.Sandbox.AuditSalt("example-audit")!;

        ApiResponse hash = await harness.RootAsync("POST", "/v1/sys/audit-hash/example-audit", new { input = "my-secret-vault" });

        Assert.Equal(HttpStatusCode.OK, hash.Status);
        string expected = AuditLog.Hmac(salt, "my-secret-vault");
        Assert.Matches("^hmac-sha256:[0-9a-f]{64}$", expected);
        Assert.Equal(expected, hash.Json.GetProperty("data").GetProperty("hash").GetString());
        Assert.Equal(expected, hash.Json.GetProperty("hash").GetString());
        Fixtures.AssertCovers(Fixtures.Load("sys-audit-hash.200.json"), hash.Json, "sys-audit-hash.200.json");

        await harness.RootAsync("POST", "/v1/secret/data/h", new { data = new { v = "my-secret-vault" } });
        Assert.Equal(expected, AuditLog.ForPath(log, "secret/data/h")[0].GetProperty("request").GetProperty("data").GetProperty("data").GetProperty("v").GetString());

        Assert.Equal(["the \"input\" parameter is empty"], (await harness.RootAsync("PUT", "/v1/sys/audit-hash/example-audit", new { input = "" })).Errors);
        ApiResponse unknown = await harness.RootAsync("PUT", "/v1/sys/audit-hash/nope", new { input = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal(["unknown audit backend \"nope/\""], unknown.Errors);
    }

    [Fact]
    public async Task Only_the_right_sys_paths_are_audited()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "file", log);
        int before = AuditLog.RawLines(log).Length;

        await harness.CallAsync("GET", "/v1/sys/health");
        await harness.CallAsync("GET", "/v1/sys/seal-status");
        await harness.CallAsync("GET", "/v1/sys/leader");
        await harness.CallAsync("GET", "/v1/sys/init");
        Assert.Equal(before, AuditLog.RawLines(log).Length);

        await harness.RootAsync("PUT", "/v1/sys/seal");
        JsonElement seal = Assert.Single(AuditLog.ForPath(log, "sys/seal"));
        Assert.Equal("request", seal.GetProperty("type").GetString());
        Assert.Equal("update", seal.GetProperty("request").GetProperty("operation").GetString());
        Assert.Equal("sys/", seal.GetProperty("request").GetProperty("mount_point").GetString());
    }

    [Fact]
    public async Task No_line_is_torn_under_concurrent_requests()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "file", log);
        string big = new('x', 20000);
        using var done = new CancellationTokenSource();
        int partialReads = 0;
        Task reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                string text;
                using (var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
                using (var streamReader = new StreamReader(stream))
                {
                    text = await streamReader.ReadToEndAsync();
                }

                string[] lines = text.Split('\n');
                foreach (string line in lines[..^1])
                {
                    using JsonDocument parsed = JsonDocument.Parse(line);
                }

                if (lines[^1].Length > 0)
                {
                    Interlocked.Increment(ref partialReads);
                }
            }
        });

        const int Requests = 120;
        await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => i % 2 == 0
            ? harness.RootAsync("POST", $"/v1/secret/data/load/{i}", new { data = new { blob = big, i } })
            : harness.RootAsync("GET", $"/v1/secret/data/load/{i - 1}")));
        done.Cancel();
        await reader;

        JsonElement[] entries = AuditLog.Entries(log).Where(e => e.GetProperty("request").GetProperty("path").GetString()!.StartsWith("secret/data/load/")).ToArray();
        Assert.Equal(Requests * 2, entries.Length);
        Assert.All(entries.GroupBy(e => e.GetProperty("request").GetProperty("id").GetString()), pair =>
            Assert.Equal(["request", "response"], pair.Select(e => e.GetProperty("type").GetString())));
    }
}
