using VaultRunbook.Audit.Tests.Support;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>The fields of an AuditEvent, read from real file-device lines of two Vault eras (old and new key order).</summary>
public sealed class FieldExtractionTests
{
    [Fact]
    public async Task Reads_every_line_of_the_2020_guides_log_with_time_and_type_first()
    {
        var (events, result) = await Searches.FilesAsync(new AuditQuery(), RepoFiles.VaultGuides);

        Assert.Equal(6, events.Count);
        Assert.Equal(0, result.MalformedLines);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5, 6 }, events.Select(e => e.LineNumber));
        Assert.All(events, e => Assert.Equal(RepoFiles.VaultGuides, e.File));
        Assert.Equal(new[] { "request", "response", "request", "response", "request", "response" }, events.Select(e => e.Type));

        var first = events[0];
        Assert.Equal(new DateTimeOffset(2020, 4, 30, 14, 27, 11, TimeSpan.Zero).AddTicks(1196533), first.Time);
        Assert.Equal("update", first.Operation);
        Assert.Equal("auth/token/create/admins", first.Path);
        Assert.Equal("root", first.DisplayName);
        Assert.Equal("hmac-sha256:a01c4d69aa0bc6ea78d41ab81f0780cccbb2594e820c5823214327fa1b8d1802", first.Accessor);
        Assert.Equal("10.10.42.222", first.RemoteAddress);
        Assert.Equal(new[] { "root" }, first.Policies);
        Assert.Equal("root", first.Namespace);
        Assert.Equal("c324cbda-fedf-337b-7203-8d524a223023", first.RequestId);
        Assert.Null(first.MountType);
        Assert.Null(first.MountPoint);
        Assert.Null(first.Error);
        Assert.Null(first.Raw);

        var read = events[5];
        Assert.Equal("read", read.Operation);
        Assert.Equal("kv-v2/data/lab/lab-credential-1", read.Path);
        Assert.Equal("userpass-lab-user-7", read.DisplayName);
        Assert.Equal(new[] { "default", "lab-user" }, read.Policies);
        Assert.Equal("2a5e48b0-0765-fcf3-e19b-c5b3e679bc1d", read.RequestId);
        Assert.Equal(events[4].RequestId, read.RequestId);
    }

    [Fact]
    public async Task Reads_the_1_19_schema_doc_lines_with_alphabetical_keys()
    {
        var (events, _) = await Searches.FilesAsync(new AuditQuery(), RepoFiles.SchemaDoc);

        Assert.Equal(2, events.Count);
        var request = events[0];
        Assert.Equal("request", request.Type);
        Assert.Equal(new DateTimeOffset(2025, 6, 4, 20, 2, 46, TimeSpan.Zero).AddTicks(1171810), request.Time);
        Assert.Equal("read", request.Operation);
        Assert.Equal("auth/token/lookup-self", request.Path);
        Assert.Equal("token", request.MountType);
        Assert.Equal("auth/token/", request.MountPoint);
        Assert.Equal("userpass-alice", request.DisplayName);
        Assert.Equal("hmac-sha256:3348fe9b24b078f97d747363dda2d55bb0445e90b512e9f68f48d289fed798b3", request.Accessor);
        Assert.Equal("127.0.0.1", request.RemoteAddress);
        Assert.Equal(new[] { "default" }, request.Policies);
        Assert.Equal("root", request.Namespace);
        Assert.Equal("79cc9b26-488f-eabf-2a97-303ed3bef0d6", request.RequestId);
        Assert.Equal("response", events[1].Type);
        Assert.Equal(TimeSpan.Zero, events[1].Time.Offset);
    }

    [Fact]
    public async Task Raw_holds_the_line_only_when_asked()
    {
        var lines = Searches.FixtureLines(RepoFiles.SchemaDoc);

        var (events, _) = await Searches.FilesAsync(new AuditQuery(), new AuditSearchOptions { IncludeRaw = true }, RepoFiles.SchemaDoc);

        Assert.Equal(lines, events.Select(e => e.Raw));
    }

    [Fact]
    public async Task Nine_fractional_digits_a_namespace_path_an_error_a_line_prefix_and_CRLF_are_read()
    {
        using var dir = new TempDirectory();
        var line = AuditLines.Entry(time: "2024-11-15T02:41:02.556301319Z", error: "1 error occurred:\n\t* permission denied\n\n", namespaceJson: "{\"id\":\"Xz2Ab\",\"path\":\"team-a/\"}");
        var file = dir.File("audit.log", "@cee: " + line + "\r\n" + AuditLines.Entry(path: "sys/mounts") + "\r\n");

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), file);

        Assert.Equal(0, result.MalformedLines);
        Assert.Equal(2, events.Count);
        Assert.Equal(new DateTimeOffset(2024, 11, 15, 2, 41, 2, TimeSpan.Zero).AddTicks(5563013), events[0].Time);
        Assert.Equal("team-a/", events[0].Namespace);
        Assert.Equal("1 error occurred:\n\t* permission denied\n\n", events[0].Error);
        Assert.Equal("sys/mounts", events[1].Path);
    }

    [Fact]
    public async Task Many_distinct_and_repeated_values_all_come_back_right()
    {
        using var dir = new TempDirectory();
        var lines = Enumerable.Range(0, 3000).Select(i => AuditLines.Entry(
            displayName: $"userpass-user-{i % 1500}",
            path: $"secret/data/cwiq/app-{i % 700}",
            remoteAddress: $"10.0.{i % 7}.{i % 250}",
            accessor: $"hmac-sha256:{i % 900:x8}")).ToArray();
        var file = dir.File("many.log", Searches.Lines(lines));

        var (events, _) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["secret/data/cwiq/*"] }, file);

        Assert.Equal(3000, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal($"userpass-user-{i % 1500}", events[i].DisplayName);
            Assert.Equal($"secret/data/cwiq/app-{i % 700}", events[i].Path);
            Assert.Equal($"10.0.{i % 7}.{i % 250}", events[i].RemoteAddress);
            Assert.Equal($"hmac-sha256:{i % 900:x8}", events[i].Accessor);
        }
    }
}
