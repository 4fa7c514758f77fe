using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

public sealed class KvV2ApiTests
{
    private static VaultHttpClient ClientFor(FixturePeer peer) => new(new VaultConnectionSettings
    {
        Address = new Uri(peer.Address),
        Token = new SensitiveString("hvs.test"),
        RetryDelay = TimeSpan.FromMilliseconds(5),
    });

    [Fact]
    public async Task Reads_the_fixture_secret_with_its_version()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("kv2.data.get.200.json")));
        using var client = ClientFor(peer);

        var secret = await client.ReadSecretAsync("shared", "dev/square-api", null, CancellationToken.None);

        Assert.Equal("/v1/shared/data/dev/square-api", Assert.Single(peer.Requests).PathAndQuery);
        Assert.Equal(7, secret.Version);
        Assert.Equal(new[] { "prod", "sandbox", "smoke" }, secret.FieldNames);
        Assert.Equal(new DateTimeOffset(2024, 11, 15, 2, 41, 2, TimeSpan.Zero).AddTicks(5563013), secret.CreatedTime);
        Assert.DoesNotContain("5679", secret.ToString()); // values never in ToString
    }

    [Fact]
    public async Task A_version_query_is_sent()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("kv2.data.get.200.json")));
        using var client = ClientFor(peer);

        await client.ReadSecretAsync("secret", "app", 3, CancellationToken.None);

        Assert.Equal("/v1/secret/data/app?version=3", Assert.Single(peer.Requests).PathAndQuery);
    }

    [Fact]
    public async Task An_absent_version_is_not_found()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(404, RepoPaths.Fixture("kv2.data.get.version-removed.404.json")));
        using var client = ClientFor(peer);

        var ex = await Assert.ThrowsAsync<KvException>(() => client.ReadSecretAsync("secret", "customer/acme", 1, CancellationToken.None));

        Assert.Equal("VaultRunbook.Secret.NotFound", ex.ErrorId);
        Assert.Single(peer.Requests); // a 404 is an answer, not retried
    }

    [Theory]
    [InlineData("\"2024-01-01T00:00:00Z\"", "false", "VaultRunbook.Secret.VersionDeleted")]
    [InlineData("\"\"", "true", "VaultRunbook.Secret.VersionDestroyed")]
    public async Task A_deleted_or_destroyed_version_is_told_apart_from_absent(string deletionTime, string destroyed, string expectedId)
    {
        var body = $"{{\"request_id\":\"x\",\"lease_id\":\"\",\"renewable\":false,\"lease_duration\":0,\"data\":{{\"data\":null,\"metadata\":{{\"created_time\":\"2024-01-01T00:00:00Z\",\"custom_metadata\":null,\"deletion_time\":{deletionTime},\"destroyed\":{destroyed},\"version\":2}}}},\"wrap_info\":null,\"warnings\":null,\"auth\":null}}";
        using var peer = new FixturePeer(_ => new PeerAnswer(404, body));
        using var client = ClientFor(peer);

        var ex = await Assert.ThrowsAsync<KvException>(() => client.ReadSecretAsync("secret", "app", 2, CancellationToken.None));

        Assert.Equal(expectedId, ex.ErrorId);
        Assert.Contains("Version 2", ex.Message);
    }

    [Fact]
    public async Task Metadata_fixture_parses_with_versions_and_custom_metadata()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("kv2.metadata.get.200.json")));
        using var client = ClientFor(peer);

        var metadata = await client.ReadMetadataAsync("secret", "my-secret", CancellationToken.None);

        Assert.Equal(3, metadata.CurrentVersion);
        Assert.Equal(0, metadata.OldestVersion);
        Assert.Equal("3h25m19s", metadata.DeleteVersionAfter);
        Assert.Equal(new[] { 1, 2, 3 }, metadata.Versions.Select(v => v.Version));
        Assert.All(metadata.Versions, v => Assert.True(v.Readable));
        Assert.Equal("abc", metadata.CustomMetadata["foo"]);
    }

    [Fact]
    public async Task A_write_sends_data_and_cas_and_returns_the_version()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("kv2.data.post.200.json")));
        using var client = ClientFor(peer);

        var result = await client.WriteSecretAsync("shared", "dev/square-api", new JsonObject { ["prod"] = "1" }, 4, CancellationToken.None);

        var request = Assert.Single(peer.Requests);
        Assert.Equal("POST", request.Method);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(4, body["options"]!["cas"]!.GetValue<int>());
        Assert.Equal("1", body["data"]!["prod"]!.GetValue<string>());
        Assert.Equal(5, result.Version);
    }

    [Fact]
    public async Task A_cas_mismatch_is_a_typed_error_and_is_not_retried()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(400, "{\"errors\":[\"check-and-set parameter did not match the current version\"]}"));
        using var client = ClientFor(peer);

        var ex = await Assert.ThrowsAsync<KvException>(() => client.WriteSecretAsync("secret", "app", new JsonObject { ["a"] = "b" }, 3, CancellationToken.None));

        Assert.Equal("VaultRunbook.Secret.CasMismatch", ex.ErrorId);
        Assert.Single(peer.Requests);
    }

    [Theory]
    [InlineData("{\"data\":{\"path\":\"secret/\",\"type\":\"kv\",\"options\":{\"version\":\"2\"}}}", 200, 2, "secret/")]
    [InlineData("{\"data\":{\"path\":\"kv-v1/\",\"type\":\"kv\",\"options\":{\"version\":\"1\"}}}", 200, 1, "kv-v1/")]
    [InlineData("{\"data\":{\"path\":\"old/\",\"type\":\"kv\",\"options\":null}}", 200, 1, "old/")]
    [InlineData("{\"errors\":[]}", 404, 1, "legacy/")]
    public async Task The_preflight_tells_v1_from_v2_as_the_cli_does(string body, int status, int expectedVersion, string expectedPath)
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(status, body));
        using var client = ClientFor(peer);

        var mount = await client.GetMountAsync(expectedPath.TrimEnd('/'), "app/db", CancellationToken.None);

        Assert.Equal(expectedVersion, mount.Version);
        Assert.Equal(expectedPath, mount.Path);
        Assert.StartsWith("/v1/sys/internal/ui/mounts/", Assert.Single(peer.Requests).PathAndQuery);
    }

    [Fact]
    public async Task Rotation_refuses_a_kv_v1_mount_before_writing()
    {
        using var peer = new FixturePeer(r => new PeerAnswer(200, "{\"data\":{\"path\":\"kv-v1/\",\"type\":\"kv\",\"options\":{\"version\":\"1\"}}}"));
        using var client = ClientFor(peer);
        var plan = new RotationPlan { Generate = new[] { "password" } };

        var ex = await Assert.ThrowsAsync<KvException>(() => new SecretRotator(client).RotateAsync("kv-v1", "app", plan, CancellationToken.None));

        Assert.Equal("VaultRunbook.Rotation.KvV1", ex.ErrorId);
        Assert.All(peer.Requests, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public void Generated_values_use_the_alphabet_and_length()
    {
        var values = Enumerable.Range(0, 50).Select(_ => SecretGenerator.Generate(24, CharacterSet.Hex)).ToList();

        Assert.All(values, v => Assert.Matches("^[0-9a-f]{24}$", v));
        Assert.Equal(50, values.Distinct().Count());
        Assert.Throws<ArgumentOutOfRangeException>(() => SecretGenerator.Generate(4, CharacterSet.AlphaNumeric));
    }

    [Theory]
    [InlineData("2024-11-15T02:41:02.556301319Z", 2024, 5563013)]
    [InlineData("2018-03-22T02:24:06.945319214Z", 2018, 9453192)]
    [InlineData("2025-06-04T16:01:31-04:00", 2025, 0)]
    public void Vault_timestamps_parse_with_nanoseconds(string text, int year, long fractionTicks)
    {
        var value = VaultTime.Parse(text);

        Assert.NotNull(value);
        Assert.Equal(year, value!.Value.Year);
        Assert.Equal(fractionTicks, value.Value.Ticks % TimeSpan.TicksPerSecond);
    }
}
