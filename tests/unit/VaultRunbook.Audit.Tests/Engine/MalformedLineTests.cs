using System.Text;
using VaultRunbook.Audit.Tests.Support;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>Lines that are not audit entries are counted with their numbers, never thrown, and the search goes on.</summary>
public sealed class MalformedLineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string MixedLog()
    {
        var good = AuditLines.Entry(path: "secret/data/cwiq/ok");
        var bytes = new List<byte>();
        void Line(string text) => bytes.AddRange(Encoding.UTF8.GetBytes(text + "\n"));

        Line(good);                                                         // 1
        Line(good[..(good.Length / 2)]);                                    // 2 truncated, holds the path
        Line("{\"time\":\"2025-01-01T00:00:00Z\",\"type\":\"request\",\"request\":{\"path\":\"secret/data/cwiq/x\"},}"); // 3 invalid JSON (trailing comma)
        bytes.AddRange(Encoding.UTF8.GetBytes(good[..40]));                 // 4 not UTF-8 inside an otherwise fine line
        bytes.AddRange(new byte[] { 0xC3, 0x28, 0xFF });
        bytes.AddRange(Encoding.UTF8.GetBytes(good[40..] + "\n"));
        Line("{\"hello\":\"secret/data/cwiq\"}");                          // 5 JSON, not an audit entry
        Line("[\"secret/data/cwiq\"]");                                    // 6 JSON array
        Line(string.Empty);                                                 // 7 blank: skipped, not malformed
        Line("   ");                                                        // 8 blank
        Line(good + " trailing");                                           // 9 garbage after the object
        Line(AuditLines.Entry(path: "secret/data/cwiq/last"));              // 10
        bytes.AddRange(Encoding.UTF8.GetBytes(good[..100]));                // 11 truncated last line, no newline
        return _dir.File("mixed.log", bytes.ToArray());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("secret/data/cwiq*")]
    public async Task Are_counted_with_their_first_line_numbers_and_the_search_goes_on(string? path)
    {
        var log = MixedLog();

        var (events, result) = await Searches.FilesAsync(new AuditQuery { SecretPath = path is null ? null : [path] }, log);

        Assert.Equal(new[] { "secret/data/cwiq/ok", "secret/data/cwiq/last" }, events.Select(e => e.Path));
        var source = Assert.Single(result.Sources);
        Assert.Equal(11, source.Lines);
        Assert.Equal(7, source.MalformedLines);
        Assert.Equal(new long[] { 2, 3, 4, 5, 6 }, source.FirstMalformedLineNumbers);
    }

    [Fact]
    public async Task Agree_with_a_naive_parser_when_no_prefilter_applies()
    {
        var log = MixedLog();

        var (_, result) = await Searches.FilesAsync(new AuditQuery(), new AuditSearchOptions { MalformedLinesToReport = 100 }, log);
        var naive = NaiveAuditSearch.Run(await File.ReadAllBytesAsync(log), new AuditQuery());

        Assert.Equal(naive.Malformed, result.Sources[0].FirstMalformedLineNumbers);
    }

    [Fact]
    public async Task Ruled_out_lines_are_still_checked_for_their_shape()
    {
        var bytes = Encoding.UTF8.GetBytes(Searches.Lines(
            AuditLines.Entry(path: "sys/health"),
            AuditLines.Entry(path: "sys/health")[..50]))
            .Concat(new byte[] { 0xFF, (byte)'\n' }).ToArray();
        var log = _dir.File("other.log", bytes);

        var (events, result) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["secret/data/cwiq*"] }, log);

        Assert.Empty(events);
        Assert.Equal(new long[] { 2, 3 }, result.Sources[0].FirstMalformedLineNumbers);
    }

    [Fact]
    public void Pushed_lines_are_counted_the_same_way()
    {
        var search = new AuditLogSearcher(new AuditQuery()).CreateLineSearch();
        search.Add(AuditLines.Entry());
        search.Add("not json");
        search.Add(AuditLines.Entry()[..30]);

        Assert.Equal(2, search.Summary.MalformedLines);
        Assert.Equal(new long[] { 2, 3 }, search.Summary.FirstMalformedLineNumbers);
    }

    [Fact]
    public async Task A_utf8_bom_on_the_first_line_is_not_an_error()
    {
        var log = _dir.File("bom.log", Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Searches.Lines(AuditLines.Entry(), AuditLines.Entry()))).ToArray());

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), log);

        Assert.Equal(2, events.Count);
        Assert.Equal(0, result.MalformedLines);
    }
}
