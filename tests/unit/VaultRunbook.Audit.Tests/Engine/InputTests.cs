using System.IO.Compression;
using System.Text;
using VaultRunbook.Audit.Tests.Support;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>Where lines come from: plain and gzip files (by content), several files, streams, readers, pushed lines; empty and missing files.</summary>
public sealed class InputTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lines_shorter_and_longer_than_half_a_block_are_read_whole_while_the_next_block_is_read_ahead(bool gzip)
    {
        // The next block is read ahead (on another thread) while one is scanned, unless the unfinished line
        // carried over fills more than half the buffer; these lengths take both ways, and lines that cross
        // blocks. The result must equal a plain full parse.
        var random = new Random(11);
        var lines = Enumerable.Range(0, 400).Select(i => AuditLines.Entry(
            path: i % 3 == 0 ? "secret/data/cwiq/app" : "sys/health",
            requestDataJson: "{\"pad\":\"" + new string('x', random.Next(0, 9000)) + "\"}")).ToArray();
        var text = Searches.Lines(lines);
        var log = gzip ? _dir.Gzip("long.log.gz", text) : _dir.File("long.log", text);
        var query = new AuditQuery { SecretPath = ["secret/data/cwiq*"] };

        var (events, result) = await Searches.FilesAsync(query, new AuditSearchOptions { BlockBytes = 4096 }, log);
        var naive = NaiveAuditSearch.Run(Encoding.UTF8.GetBytes(text), query);

        Assert.Equal(134, naive.Matches.Count);
        Assert.Equal(naive.Matches, events.Select(e => e.LineNumber).ToList());
        Assert.Equal(400, result.Sources[0].Lines);
        Assert.Equal(0, result.MalformedLines);
    }

    [Fact]
    public async Task Gzip_is_told_by_its_magic_bytes_not_its_name()
    {
        var text = File.ReadAllText(RepoFiles.VaultGuides);
        var gz = _dir.Gzip("rotated.log.1", text);
        var plainNamedGz = _dir.File("plain.gz", text);

        var (fromGz, gzResult) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["kv-v2/data/lab*"] }, gz);
        var (fromPlain, _) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["kv-v2/data/lab*"] }, plainNamedGz);

        Assert.Equal(new long[] { 3, 4, 5, 6 }, fromGz.Select(e => e.LineNumber));
        Assert.Equal(fromGz.Select(e => e with { File = null }), fromPlain.Select(e => e with { File = null }), new EventComparer());
        Assert.Equal(0, gzResult.MalformedLines);
    }

    [Fact]
    public async Task Concatenated_gzip_members_are_read_to_the_end()
    {
        var path = Path.Combine(_dir.FullName, "two-members.gz");
        await using (var file = File.Create(path))
        {
            foreach (var name in new[] { RepoFiles.VaultGuides, RepoFiles.SchemaDoc })
            {
                await using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                await gzip.WriteAsync(await File.ReadAllBytesAsync(name));
            }
        }

        var (events, _) = await Searches.FilesAsync(new AuditQuery(), path);

        Assert.Equal(8, events.Count);
    }

    [Fact]
    public async Task Corrupt_gzip_is_a_failure_of_that_file_only()
    {
        // A gzip header, then a deflate block of the reserved type 3.
        var corrupt = _dir.File("corrupt.log.gz", new byte[] { 0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3 }.Concat(Enumerable.Repeat((byte)0xFF, 64)).ToArray());

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), corrupt, RepoFiles.SchemaDoc);

        Assert.Equal(2, events.Count);
        var failure = result.Sources[0].Failure;
        Assert.NotNull(failure);
        Assert.Equal("VaultRunbook.Audit.CorruptArchive", failure.ErrorId);
        Assert.Equal(corrupt, failure.Target);
        Assert.Null(result.Sources[1].Failure);
    }

    [Fact]
    public async Task Several_files_are_searched_in_order_with_one_summary_each()
    {
        var (events, result) = await Searches.FilesAsync(new AuditQuery { Operation = ["read"] }, RepoFiles.VaultGuides, RepoFiles.SchemaDoc);

        Assert.Equal(new[] { RepoFiles.VaultGuides, RepoFiles.VaultGuides, RepoFiles.SchemaDoc, RepoFiles.SchemaDoc }, events.Select(e => e.File));
        Assert.Equal(new[] { 6L, 2L }, result.Sources.Select(s => s.Lines));
        Assert.Equal(new[] { 2L, 2L }, result.Sources.Select(s => s.Matches));
    }

    [Fact]
    public async Task An_empty_file_gives_nothing_and_no_error()
    {
        var empty = _dir.File("empty.log", Array.Empty<byte>());

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), empty);

        Assert.Empty(events);
        var source = Assert.Single(result.Sources);
        Assert.Equal(0, source.Lines);
        Assert.Equal(0, source.MalformedLines);
        Assert.Null(source.Failure);
    }

    [Fact]
    public async Task A_missing_file_fails_before_anything_is_read()
    {
        var missing = Path.Combine(_dir.FullName, "nope.log");
        var events = new List<AuditEvent>();

        var ex = await Assert.ThrowsAsync<AuditFileNotFoundException>(() => new AuditLogSearcher(new AuditQuery()).SearchFilesAsync(
            [RepoFiles.VaultGuides, missing],
            (e, _) =>
            {
                events.Add(e);
                return ValueTask.CompletedTask;
            }));

        Assert.Equal("VaultRunbook.Audit.FileNotFound", ex.ErrorId);
        Assert.Equal(missing, ex.Target);
        Assert.Empty(events);
        Assert.Throws<AuditFileNotFoundException>(() => AuditLogSearcher.EnsureFilesExist([_dir.FullName]));
    }

    [Fact]
    public async Task Stream_of_bytes_plain_and_gzip()
    {
        var bytes = await File.ReadAllBytesAsync(RepoFiles.SchemaDoc);
        var zipped = new MemoryStream();
        await using (var gzip = new GZipStream(zipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(bytes);
        }

        zipped.Position = 0;
        var searcher = new AuditLogSearcher(new AuditQuery { Type = "response" });
        var found = new List<AuditEvent>();

        var plain = await searcher.SearchStreamAsync(new MemoryStream(bytes), "stdin", (e, _) => Add(found, e));
        var gz = await searcher.SearchStreamAsync(zipped, null, (e, _) => Add(found, e));

        Assert.Equal(2, found.Count);
        Assert.Equal("stdin", found[0].File);
        Assert.Equal(2, plain.Lines);
        Assert.Equal(1, gz.Matches);
    }

    [Fact]
    public async Task Reader_of_lines_like_the_pipeline()
    {
        var found = new List<AuditEvent>();
        using var reader = new StringReader(await File.ReadAllTextAsync(RepoFiles.VaultGuides));

        var summary = await new AuditLogSearcher(new AuditQuery { DisplayName = ["userpass-*"] }).SearchReaderAsync(reader, null, (e, _) => Add(found, e));

        Assert.Equal(new long[] { 5, 6 }, found.Select(e => e.LineNumber));
        Assert.Null(found[0].File);
        Assert.Equal(6, summary.Lines);
    }

    [Fact]
    public void Pushed_lines_are_numbered_across_calls_blank_ones_included_and_a_raw_text_is_split()
    {
        var search = new AuditLogSearcher(new AuditQuery { Operation = ["read"] }).CreateLineSearch("pipeline");
        var lines = Searches.FixtureLines(RepoFiles.VaultGuides);

        Assert.Empty(search.Add(lines[0]));
        Assert.Empty(search.Add(string.Empty));
        Assert.Empty(search.Add(null));
        var matches = search.Add(string.Join("\r\n", lines[1..]) + "\r\n");

        Assert.Equal(new long[] { 7, 8 }, matches.Select(m => m.LineNumber));
        Assert.All(matches, m => Assert.Equal("pipeline", m.File));
        Assert.Empty(search.Complete());
        Assert.Equal(8, search.Summary.Lines);
        Assert.Equal(0, search.Summary.MalformedLines);
    }

    [Fact]
    public async Task A_line_longer_than_a_block_grows_the_buffer_and_an_overlong_one_is_skipped()
    {
        var big = AuditLines.Entry(type: "response", path: "secret/data/cwiq/big", responseDataJson: "{\"blob\":\"" + new string('x', 300_000) + "\"}");
        var file = _dir.File("big.log", Searches.Lines(AuditLines.Entry(path: "secret/data/cwiq/a"), big, AuditLines.Entry(path: "secret/data/cwiq/b")));

        var (events, _) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["secret/data/cwiq*"] }, new AuditSearchOptions { BlockBytes = 8192 }, file);
        Assert.Equal(new[] { "secret/data/cwiq/a", "secret/data/cwiq/big", "secret/data/cwiq/b" }, events.Select(e => e.Path));

        var (bounded, result) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["secret/data/cwiq*"] }, new AuditSearchOptions { BlockBytes = 8192, MaxLineBytes = 65536 }, file);
        Assert.Equal(new[] { "secret/data/cwiq/a", "secret/data/cwiq/b" }, bounded.Select(e => e.Path));
        Assert.Equal(new long[] { 1, 3 }, bounded.Select(e => e.LineNumber));
        Assert.Equal(new long[] { 2 }, result.Sources[0].FirstMalformedLineNumbers);
    }

    private static ValueTask Add(List<AuditEvent> list, AuditEvent e)
    {
        list.Add(e);
        return ValueTask.CompletedTask;
    }

    private sealed class EventComparer : IEqualityComparer<AuditEvent>
    {
        public bool Equals(AuditEvent? x, AuditEvent? y) =>
            x is not null && y is not null && x with { Policies = [] } == y with { Policies = [] } && x.Policies.SequenceEqual(y.Policies);

        public int GetHashCode(AuditEvent obj) => obj.LineNumber.GetHashCode();
    }
}
