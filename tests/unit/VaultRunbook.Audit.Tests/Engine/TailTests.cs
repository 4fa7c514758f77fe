using VaultRunbook.Audit.Tests.Support;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>Tail keeps the last N matches, in file order, across files and block boundaries.</summary>
public sealed class TailTests
{
    [Fact]
    public async Task Keeps_the_last_n_matches_oldest_first()
    {
        using var dir = new TempDirectory();
        var lines = Enumerable.Range(1, 500).Select(i => AuditLines.Entry(path: i % 2 == 0 ? $"secret/data/cwiq/{i}" : $"secret/data/x/{i}")).ToArray();
        var file = dir.File("audit.log", Searches.Lines(lines));

        // small blocks: the ring must work across many blocks
        var (events, result) = await Searches.FilesAsync(
            new AuditQuery { SecretPath = ["secret/data/cwiq*"] },
            new AuditSearchOptions { Tail = 3, BlockBytes = 4096 },
            file);

        Assert.Equal(new[] { "secret/data/cwiq/496", "secret/data/cwiq/498", "secret/data/cwiq/500" }, events.Select(e => e.Path));
        Assert.Equal(new long[] { 496, 498, 500 }, events.Select(e => e.LineNumber));
        Assert.Equal(250, result.Matches);
    }

    [Fact]
    public async Task Spans_files_and_gives_fewer_when_fewer_match()
    {
        var (events, _) = await Searches.FilesAsync(new AuditQuery(), new AuditSearchOptions { Tail = 3 }, RepoFiles.VaultGuides, RepoFiles.SchemaDoc);
        Assert.Equal(new[] { (RepoFiles.VaultGuides, 6L), (RepoFiles.SchemaDoc, 1L), (RepoFiles.SchemaDoc, 2L) }, events.Select(e => (e.File!, e.LineNumber)));

        var (few, _) = await Searches.FilesAsync(new AuditQuery { Operation = ["create"] }, new AuditSearchOptions { Tail = 10 }, RepoFiles.VaultGuides);
        Assert.Equal(new long[] { 3, 4 }, few.Select(e => e.LineNumber));
    }

    [Fact]
    public void Pushed_lines_with_tail_come_out_at_the_end()
    {
        var search = new AuditLogSearcher(new AuditQuery(), new AuditSearchOptions { Tail = 2 }).CreateLineSearch();
        foreach (var line in Searches.FixtureLines(RepoFiles.VaultGuides))
        {
            Assert.Empty(search.Add(line));
        }

        Assert.Equal(new long[] { 5, 6 }, search.Complete().Select(e => e.LineNumber));
    }
}
