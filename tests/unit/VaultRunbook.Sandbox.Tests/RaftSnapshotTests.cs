using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>
/// sys/storage/raft/snapshot, snapshot-force and configuration (vault-api-notes §10): the snapshot's shape (checked
/// with the real tar and sha256sum), a restore that gives back the old data, corrupt and foreign snapshots refused
/// with the state unchanged, a forced foreign snapshot that needs the other cluster's keys, and the access rules.
/// </summary>
public sealed class RaftSnapshotTests
{
    private const string DifferentKeys =
        "could not verify hash file, possibly the snapshot is using a different set of unseal keys; use the snapshot-force API to bypass this check";

    [Fact]
    public async Task Configuration_reports_this_node_as_leader_and_voter_with_the_fixtures_fields()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse response = await harness.RootAsync("GET", "/v1/sys/storage/raft/configuration");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        JsonElement fixture = Fixtures.Load("sys-storage-raft-configuration.200.json");
        Fixtures.AssertCovers(fixture, response.Json, "sys-storage-raft-configuration.200.json");
        JsonElement config = response.Json.GetProperty("data").GetProperty("config");
        Fixtures.AssertCovers(fixture.GetProperty("data").GetProperty("config"), config, "config");
        JsonElement server = Assert.Single(config.GetProperty("servers").EnumerateArray());
        Fixtures.AssertCovers(fixture.GetProperty("data").GetProperty("config").GetProperty("servers")[0], server, "servers[0]");
        // As in the fixture: the logical layer sends data's keys sorted.
        Assert.Equal(fixture.GetProperty("data").GetProperty("config").GetProperty("servers")[0].EnumerateObject().Select(p => p.Name), server.EnumerateObject().Select(p => p.Name));
        Assert.True(server.GetProperty("leader").GetBoolean());
        Assert.True(server.GetProperty("voter").GetBoolean());
        Assert.Equal("3", server.GetProperty("protocol_version").GetString());
        Assert.True(config.GetProperty("index").GetInt64() > 0);
    }

    [Fact]
    public async Task Snapshot_is_a_gzipped_tar_whose_sums_the_real_sha256sum_accepts()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        using HttpResponseMessage response = await SendAsync(harness, "GET", "/v1/sys/storage/raft/snapshot", harness.RootToken);
        byte[] snapshot = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/gzip", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        string folder = SandboxHarness.NewTestFolder();
        Directory.CreateDirectory(folder);
        try
        {
            string file = Path.Combine(folder, "raft.snap");
            await File.WriteAllBytesAsync(file, snapshot);
            Assert.Equal(["SHA256SUMS", "SHA256SUMS.sealed", "meta.json", "state.bin"], Run(folder, "tar", "-tzf", file).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            Run(folder, "tar", "-xzf", file);
            Assert.Equal("meta.json: OK\nstate.bin: OK\n", Run(folder, "sha256sum", "-c", "SHA256SUMS"));
            using JsonDocument meta = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder, "meta.json")));
            Assert.Equal(new FileInfo(Path.Combine(folder, "state.bin")).Length, meta.RootElement.GetProperty("Size").GetInt64());
            Assert.Equal("node1", meta.RootElement.GetProperty("Configuration").GetProperty("Servers")[0].GetProperty("ID").GetString());

            // The state inside is sealed by the barrier key: the root token does not appear in the clear.
            Assert.DoesNotContain(harness.RootToken, await File.ReadAllTextAsync(Path.Combine(folder, "state.bin")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Restoring_a_snapshot_gives_back_the_data_it_held()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await WriteAsync(harness, "app/db", "v1");
        byte[] snapshot = await TakeAsync(harness);
        await WriteAsync(harness, "app/db", "v2");
        await WriteAsync(harness, "app/new", "added later");
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/secret/metadata/app/db")).Status);

        using HttpResponseMessage restored = await SendAsync(harness, "POST", "/v1/sys/storage/raft/snapshot", harness.RootToken, snapshot);

        Assert.Equal(HttpStatusCode.NoContent, restored.StatusCode);
        Assert.False(harness.Sandbox.IsSealed);
        Assert.Equal("v1", await ReadAsync(harness, "app/db"));
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/app/new")).Status);
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("flipped")]
    [InlineData("not gzip")]
    [InlineData("empty")]
    public async Task A_corrupt_snapshot_is_refused_and_changes_nothing(string damage)
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await WriteAsync(harness, "app/db", "v1");
        byte[] snapshot = await TakeAsync(harness);
        await WriteAsync(harness, "app/db", "v2");
        byte[] bad = damage switch
        {
            "truncated" => snapshot[..(snapshot.Length / 2)],
            "flipped" => Flip(snapshot, snapshot.Length / 2),
            "not gzip" => "{\"not\":\"a snapshot\"}"u8.ToArray(),
            _ => [],
        };

        foreach (string path in new[] { "/v1/sys/storage/raft/snapshot", "/v1/sys/storage/raft/snapshot-force" })
        {
            using HttpResponseMessage response = await SendAsync(harness, "POST", path, harness.RootToken, bad);
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            string error = Assert.Single(ErrorsOf(await response.Content.ReadAsStringAsync()));
            Assert.StartsWith("failed to read snapshot file: ", error);
        }

        Assert.False(harness.Sandbox.IsSealed);
        Assert.Equal("v2", await ReadAsync(harness, "app/db"));
    }

    [Fact]
    public async Task Another_clusters_snapshot_is_refused_unless_forced_and_then_needs_that_clusters_keys()
    {
        using SandboxHarness other = await HarnessStates.StartInAsync(ServerState.Active);
        await WriteAsync(other, "app/db", "from the other cluster");
        byte[] foreign = await TakeAsync(other);
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await WriteAsync(harness, "app/db", "ours");

        using (HttpResponseMessage refused = await SendAsync(harness, "POST", "/v1/sys/storage/raft/snapshot", harness.RootToken, foreign))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal([DifferentKeys], ErrorsOf(await refused.Content.ReadAsStringAsync()));
        }

        Assert.Equal("ours", await ReadAsync(harness, "app/db"));

        using (HttpResponseMessage forced = await SendAsync(harness, "POST", "/v1/sys/storage/raft/snapshot-force", harness.RootToken, foreign))
        {
            Assert.Equal(HttpStatusCode.NoContent, forced.StatusCode);
        }

        Assert.True(harness.Sandbox.IsSealed);
        string[] ourKeys = harness.Keys;
        foreach (string key in ourKeys.Take(3))
        {
            await harness.UnsealAsync(key);
        }

        Assert.True(harness.Sandbox.IsSealed);
        await harness.UnsealWithAsync(other.Keys.Take(3).ToArray());
        ApiResponse read = await harness.CallAsync("GET", "/v1/secret/data/app/db", token: other.RootToken);
        Assert.Equal("from the other cluster", read.Json.GetProperty("data").GetProperty("data").GetProperty("value").GetString());
    }

    [Fact]
    public async Task Sealed_is_503_and_a_token_without_sudo_is_403()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        byte[] snapshot = await TakeAsync(harness);
        string reader = await harness.CreateTokenAsync("reader", "sys/storage/raft");
        string operatorToken = await harness.CreateTokenAsync("operator", "sys/storage/raft+sudo");

        using (HttpResponseMessage denied = await SendAsync(harness, "GET", "/v1/sys/storage/raft/snapshot", reader))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using (HttpResponseMessage noToken = await SendAsync(harness, "POST", "/v1/sys/storage/raft/snapshot", null, snapshot))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        }

        using (HttpResponseMessage allowed = await SendAsync(harness, "POST", "/v1/sys/storage/raft/snapshot", operatorToken, snapshot))
        {
            Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("PUT", "/v1/sys/seal")).Status);
        foreach ((string method, string path) in new[] { ("GET", "snapshot"), ("POST", "snapshot"), ("POST", "snapshot-force") })
        {
            using HttpResponseMessage response = await SendAsync(harness, method, "/v1/sys/storage/raft/" + path, harness.RootToken, method == "POST" ? snapshot : null);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(["Vault is sealed"], ErrorsOf(await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await harness.RootAsync("GET", "/v1/sys/storage/raft/configuration")).Status);
    }

    private static async Task<HttpResponseMessage> SendAsync(SandboxHarness harness, string method, string path, string? token, byte[]? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
        {
            request.Headers.Add("X-Vault-Token", token);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }

        return await harness.Http.SendAsync(request);
    }

    private static async Task<byte[]> TakeAsync(SandboxHarness harness)
    {
        using HttpResponseMessage response = await SendAsync(harness, "GET", "/v1/sys/storage/raft/snapshot", harness.RootToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        byte[] snapshot = await response.Content.ReadAsByteArrayAsync();

        // A well-formed archive: the test's own reader agrees before anything relies on it.
        using var tar = new TarReader(new GZipStream(new MemoryStream(snapshot), CompressionMode.Decompress));
        Assert.NotNull(tar.GetNextEntry());
        return snapshot;
    }

    private static async Task WriteAsync(SandboxHarness harness, string path, string value) =>
        Assert.Equal(HttpStatusCode.OK, (await harness.RootAsync("POST", "/v1/secret/data/" + path, new { data = new { value } })).Status);

    private static async Task<string?> ReadAsync(SandboxHarness harness, string path)
    {
        ApiResponse response = await harness.RootAsync("GET", "/v1/secret/data/" + path);
        Assert.Equal(HttpStatusCode.OK, response.Status);
        return response.Json.GetProperty("data").GetProperty("data").GetProperty("value").GetString();
    }

    private static string[] ErrorsOf(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();

    private static byte[] Flip(byte[] bytes, int at)
    {
        byte[] copy = (byte[])bytes.Clone();
        copy[at] ^= 0xFF;
        return copy;
    }

    private static string Run(string folder, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} failed: {error}");
        return output;
    }
}
