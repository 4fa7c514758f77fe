using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>KV v2 answers against vault-api-notes §0.3 and §6 and the real bodies in tests/fixtures/vault.</summary>
public sealed class KvFidelityTests
{
    private static readonly string[] EnvelopeOrder =
        ["request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type"];

    [Fact]
    public async Task Write_answers_with_the_fixtures_envelope_and_version_metadata()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse write = await harness.RootAsync("POST", "/v1/secret/data/dev/square-api", new { data = new { prod = "5679", sandbox = "1234" }, options = new { cas = 0 } });

        Assert.Equal(HttpStatusCode.OK, write.Status);
        Assert.Equal(EnvelopeOrder, write.Keys);
        JsonElement fixture = Fixtures.Load("kv2.data.post.200.json");
        Fixtures.AssertCovers(fixture, write.Json, "kv2.data.post.200.json");
        Fixtures.AssertCovers(fixture.GetProperty("data"), write.Json.GetProperty("data"), "kv2.data.post.200.json data");
        JsonElement data = write.Json.GetProperty("data");
        Assert.Equal(["created_time", "custom_metadata", "deletion_time", "destroyed", "version"], AuditLog.Keys(data));
        Assert.Equal(1, data.GetProperty("version").GetInt64());
        Assert.Equal(string.Empty, data.GetProperty("deletion_time").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("custom_metadata").ValueKind);
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$", data.GetProperty("created_time").GetString());
        Assert.True(Guid.TryParse(write.Json.GetProperty("request_id").GetString(), out _));
        Assert.Equal("kv", write.Json.GetProperty("mount_type").GetString());
        Assert.Equal(string.Empty, write.Json.GetProperty("lease_id").GetString());
        Assert.Equal(JsonValueKind.Null, write.Json.GetProperty("wrap_info").ValueKind);
        Assert.Equal(JsonValueKind.Null, write.Json.GetProperty("warnings").ValueKind);
        Assert.Equal(JsonValueKind.Null, write.Json.GetProperty("auth").ValueKind);
        Assert.Equal("application/json", write.ContentType);
        Assert.True(write.NoStore);
        Assert.EndsWith("}\n", write.Raw);
    }

    [Fact]
    public async Task Read_answers_with_the_fixtures_field_set()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/data/dev/square-api", new { data = new { smoke = "abcd", prod = "5679", sandbox = "1234" } });

        ApiResponse read = await harness.RootAsync("GET", "/v1/secret/data/dev/square-api");

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(EnvelopeOrder, read.Keys);
        JsonElement fixture = Fixtures.Load("kv2.data.get.200.json");
        Fixtures.AssertCovers(fixture, read.Json, "kv2.data.get.200.json");
        Fixtures.AssertCovers(fixture.GetProperty("data"), read.Json.GetProperty("data"), "kv2.data.get data");
        Fixtures.AssertCovers(fixture.GetProperty("data").GetProperty("metadata"), read.Json.GetProperty("data").GetProperty("metadata"), "kv2.data.get metadata");

        // data.data is a Go map: sorted keys, exactly the fixture's values.
        JsonElement secret = read.Json.GetProperty("data").GetProperty("data");
        Assert.Equal(["prod", "sandbox", "smoke"], AuditLog.Keys(secret));
        Assert.Equal(fixture.GetProperty("data").GetProperty("data").GetRawText().Replace(" ", string.Empty).Replace("\n", string.Empty), secret.GetRawText());
        Assert.Equal(AuditLog.Keys(fixture.GetProperty("data").GetProperty("metadata")), AuditLog.Keys(read.Json.GetProperty("data").GetProperty("metadata")));
    }

    [Fact]
    public async Task Metadata_answers_with_the_fixtures_field_set()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        for (int i = 0; i < 3; i++)
        {
            await harness.RootAsync("POST", "/v1/secret/data/my-secret", new { data = new { n = i } });
        }

        await harness.RootAsync("POST", "/v1/secret/metadata/my-secret", new { custom_metadata = new { foo = "abc", bar = "123" }, delete_version_after = "3h25m19s" });

        ApiResponse meta = await harness.RootAsync("GET", "/v1/secret/metadata/my-secret");

        Assert.Equal(HttpStatusCode.OK, meta.Status);
        Assert.Equal(EnvelopeOrder, meta.Keys);
        JsonElement fixture = Fixtures.Load("kv2.metadata.get.200.json").GetProperty("data");
        JsonElement data = meta.Json.GetProperty("data");
        Fixtures.AssertCovers(fixture, data, "kv2.metadata.get.200.json");
        Assert.Equal(AuditLog.Keys(data).Order(StringComparer.Ordinal), AuditLog.Keys(data));
        Assert.Equal(fixture.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal), AuditLog.Keys(data));
        Assert.Equal(["1", "2", "3"], AuditLog.Keys(data.GetProperty("versions")));
        Fixtures.AssertCovers(fixture.GetProperty("versions").GetProperty("1"), data.GetProperty("versions").GetProperty("1"), "versions.1");
        Assert.Equal(3, data.GetProperty("current_version").GetInt64());
        Assert.Equal(0, data.GetProperty("oldest_version").GetInt64());
        Assert.Equal(0, data.GetProperty("max_versions").GetInt64());
        Assert.Equal("3h25m19s", data.GetProperty("delete_version_after").GetString());
        Assert.Equal("abc", data.GetProperty("custom_metadata").GetProperty("foo").GetString());
        Assert.Equal(data.GetProperty("versions").GetProperty("3").GetProperty("created_time").GetString(), data.GetProperty("updated_time").GetString());
        Assert.Equal(data.GetProperty("versions").GetProperty("1").GetProperty("created_time").GetString(), data.GetProperty("created_time").GetString());
    }

    [Theory]
    [InlineData("/v1/secret/data/never-written")]
    [InlineData("/v1/secret/data/written?version=7")]
    [InlineData("/v1/secret/metadata/never-written")]
    public async Task Absent_path_or_version_is_404_with_an_empty_error_list(string path)
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/data/written", new { data = new { a = "b" } });

        ApiResponse response = await harness.RootAsync("GET", path);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("{\"errors\":[]}\n", response.Raw);
        Assert.Equal(JsonSerializer.Serialize(Fixtures.Load("kv2.data.get.version-removed.404.json")), JsonSerializer.Serialize(response.Json));
    }

    [Fact]
    public async Task A_pruned_version_reads_like_the_version_removed_fixture()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/metadata/customer/acme", new { max_versions = 2 });
        for (int i = 0; i < 3; i++)
        {
            await harness.RootAsync("POST", "/v1/secret/data/customer/acme", new { data = new { v = i.ToString() } });
        }

        ApiResponse removed = await harness.RootAsync("GET", "/v1/secret/data/customer/acme?version=1");

        Assert.Equal(HttpStatusCode.NotFound, removed.Status);
        Assert.Empty(removed.Errors);
    }

    [Fact]
    public async Task A_deleted_version_is_404_with_the_full_envelope_and_no_errors_key()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/data/app", new { data = new { password = "s3cr3t" } });
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/secret/data/app")).Status);

        ApiResponse read = await harness.RootAsync("GET", "/v1/secret/data/app");

        Assert.Equal(HttpStatusCode.NotFound, read.Status);
        Assert.Equal("application/json", read.ContentType);
        Assert.Equal(EnvelopeOrder, read.Keys);
        Assert.False(read.Json.TryGetProperty("errors", out _));
        JsonElement data = read.Json.GetProperty("data");
        Assert.Equal(JsonValueKind.Null, data.GetProperty("data").ValueKind);
        JsonElement metadata = data.GetProperty("metadata");
        Assert.Equal(1, metadata.GetProperty("version").GetInt64());
        Assert.NotEqual(string.Empty, metadata.GetProperty("deletion_time").GetString());
        Assert.False(metadata.GetProperty("destroyed").GetBoolean());
        Assert.DoesNotContain("s3cr3t", read.Raw);

        // Vault marshals this body inside the plugin (json.Marshal: no newline, mount_type not yet set).
        Assert.False(read.Raw.EndsWith('\n'));
        Assert.Equal(string.Empty, read.Json.GetProperty("mount_type").GetString());
        Assert.True(Guid.TryParse(read.Json.GetProperty("request_id").GetString(), out _));
    }

    [Theory]
    [InlineData("GET", "/v1/secret/app")]
    [InlineData("POST", "/v1/secret/app")]
    [InlineData("GET", "/v1/secret/data/")]
    [InlineData("LIST", "/v1/secret/data")]
    public async Task A_v1_style_path_on_a_v2_mount_is_404_with_Vaults_warning(string method, string path)
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse response = await harness.CallAsync(method, path, method == "POST" ? "{\"a\":\"b\"}" : null, token: harness.RootToken);

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal(JsonValueKind.Null, response.Json.GetProperty("data").ValueKind);
        string warning = Assert.Single(response.Json.GetProperty("warnings").EnumerateArray()).GetString()!;
        Assert.StartsWith("Invalid path for a versioned K/V secrets engine.", warning);
    }
}
