using System.Text;
using VaultRunbook.Audit.Tests.Support;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>
/// A truncated or corrupt gzip log is an error of that file (VaultRunbook.Audit.CorruptArchive) carrying what was read
/// before the break, never a quiet short read; sound files around it, concatenated members included, are read whole.
/// The archives are made and cut as an operator's tools make them (gzip, head -c), and gzip -t judges each one.
/// </summary>
public sealed class BrokenGzipTests : IDisposable
{
    private const int Events = 102;
    private readonly TempDirectory _dir = new();
    private readonly string _text;
    private readonly byte[] _gz;

    public BrokenGzipTests()
    {
        // Random request data keeps the archive large (about 80 KB), so cuts fall in many compressed blocks.
        var random = new Random(16);
        _text = Searches.Lines(Enumerable.Range(1, Events).Select(i => AuditLines.Entry(
            path: $"secret/data/cwiq/app-{i}",
            requestDataJson: "{\"pad\":\"" + Convert.ToHexString(RandomBytes(random, 400 + random.Next(800))) + "\"}")).ToArray());
        _gz = RealGzip.Compress(Encoding.UTF8.GetBytes(_text));
    }

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Cuts => new() { "2", "10", "11", "1/4", "1/2", "3/4", "-9", "-8", "-4", "-1" };

    [Theory]
    [MemberData(nameof(Cuts))]
    public async Task A_truncated_archive_is_an_error_with_what_was_read_before_the_break(string cut)
    {
        var length = cut.Contains('/')
            ? _gz.Length * int.Parse(cut[..cut.IndexOf('/')]) / int.Parse(cut[(cut.IndexOf('/') + 1)..])
            : cut.StartsWith('-') ? _gz.Length + int.Parse(cut) : int.Parse(cut);
        var file = _dir.File("audit.log.1.gz", RealGzip.Head(_gz, length));
        var (judged, message) = RealGzip.Test(file);

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), file);

        Assert.NotEqual(0, judged);
        Assert.Contains("unexpected end of file", message, StringComparison.Ordinal);
        var failure = Assert.IsType<AuditCorruptArchiveException>(result.Sources[0].Failure);
        Assert.Equal("VaultRunbook.Audit.CorruptArchive", failure.ErrorId);
        Assert.True(failure.Truncated);
        Assert.Equal(file, failure.Target);
        Assert.Contains("truncated", failure.Message, StringComparison.Ordinal);

        // Every complete line before the break was searched, in order, and the cut line is not a "malformed line".
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.LineNumber));
        Assert.Equal(events.Count, failure.LinesRead);
        Assert.Equal(events.Count, failure.Matches);
        Assert.Equal(events.Count, result.Sources[0].Lines);
        Assert.Equal(0, result.Sources[0].MalformedLines);
        Assert.Contains($"{events.Count} line", failure.Message, StringComparison.Ordinal);
        if (length <= 11)
        {
            Assert.Empty(events);
        }
        else if (length >= _gz.Length - 8)
        {
            // Only the CRC and length trailer is missing: all the data was there.
            Assert.Equal(Events, events.Count);
        }
        else if (cut.Contains('/'))
        {
            Assert.InRange(events.Count, 1, Events - 1);
        }
    }

    [Fact]
    public async Task A_cut_in_the_middle_keeps_the_lines_before_it()
    {
        var file = _dir.File("half.gz", RealGzip.Head(_gz, _gz.Length / 2));

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), file);

        Assert.InRange(events.Count, 20, Events - 20);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => $"secret/data/cwiq/app-{i}"), events.Select(e => e.Path));
        Assert.IsType<AuditCorruptArchiveException>(result.Sources[0].Failure);
    }

    [Fact]
    public async Task A_two_byte_file_is_a_truncated_archive_not_an_empty_log()
    {
        var file = _dir.File("two-bytes.gz", [0x1f, 0x8b]);
        Assert.Contains("unexpected end of file", RealGzip.Test(file).Message, StringComparison.Ordinal);

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), file);

        Assert.Empty(events);
        var failure = Assert.IsType<AuditCorruptArchiveException>(result.Sources[0].Failure);
        Assert.True(failure.Truncated);
        Assert.Equal(0, failure.LinesRead);
    }

    [Theory]
    [InlineData(8, "crc error")]
    [InlineData(4, "length error")]
    public async Task A_wrong_crc_or_length_in_the_trailer_is_a_corrupt_archive(int fromEnd, string gzipSays)
    {
        var bytes = (byte[])_gz.Clone();
        bytes[^fromEnd] ^= 0x5a;
        var file = _dir.File("bad-trailer.gz", bytes);
        Assert.Contains(gzipSays, RealGzip.Test(file).Message, StringComparison.Ordinal);

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), file);

        var failure = Assert.IsType<AuditCorruptArchiveException>(result.Sources[0].Failure);
        Assert.False(failure.Truncated);
        Assert.Contains("corrupt", failure.Message, StringComparison.Ordinal);

        // The check comes after the data; what the decompressor gave before it failed was searched and is counted.
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => $"secret/data/cwiq/app-{i}"), events.Select(e => e.Path));
        Assert.Equal(events.Count, failure.LinesRead);
    }

    [Fact]
    public async Task Concatenated_members_made_by_gzip_are_all_read_and_a_cut_in_the_second_is_an_error()
    {
        var second = RealGzip.Compress(Encoding.UTF8.GetBytes(Searches.Lines(AuditLines.Entry(path: "secret/data/cwiq/second-1"), AuditLines.Entry(path: "secret/data/cwiq/second-2"))));
        var whole = _dir.File("members.gz", [.. _gz, .. second]);
        var cut = _dir.File("members-cut.gz", RealGzip.Head([.. _gz, .. second], _gz.Length + second.Length - 3));
        Assert.Equal(0, RealGzip.Test(whole).ExitCode);
        Assert.NotEqual(0, RealGzip.Test(cut).ExitCode);

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), whole);
        var (cutEvents, cutResult) = await Searches.FilesAsync(new AuditQuery(), cut);

        Assert.Null(result.Sources[0].Failure);
        Assert.Equal(Events + 2, events.Count);
        Assert.Equal("secret/data/cwiq/second-2", events[^1].Path);
        Assert.True(Assert.IsType<AuditCorruptArchiveException>(cutResult.Sources[0].Failure).Truncated);
        Assert.Equal(Events + 2, cutEvents.Count);
    }

    [Theory]
    [InlineData(8191)]
    [InlineData(8192)]
    [InlineData(8193)]
    [InlineData(16384)]
    [InlineData(65536)]
    [InlineData(65537)]
    public async Task A_sound_archive_ending_on_or_near_a_read_boundary_is_not_taken_for_a_truncated_one(int size)
    {
        // gzip's FEXTRA header field pads a real archive to an exact size, so its end falls on the decompressor's reads.
        var small = RealGzip.Compress(Encoding.UTF8.GetBytes(Searches.Lines(AuditLines.Entry(path: "secret/data/cwiq/a"), AuditLines.Entry(path: "secret/data/cwiq/b"))));
        var padded = PadTo(small, size);
        var file = _dir.File("padded.gz", padded);
        var cut = _dir.File("padded-cut.gz", RealGzip.Head(padded, size - 1));
        Assert.Equal(size, new FileInfo(file).Length);
        Assert.Equal(0, RealGzip.Test(file).ExitCode);

        var (events, result) = await Searches.FilesAsync(new AuditQuery(), file);
        var (_, cutResult) = await Searches.FilesAsync(new AuditQuery(), cut);

        Assert.Null(result.Sources[0].Failure);
        Assert.Equal(2, events.Count);
        Assert.IsType<AuditCorruptArchiveException>(cutResult.Sources[0].Failure);
    }

    [Fact]
    public async Task Good_and_broken_files_in_one_search_each_get_their_due_and_the_search_goes_on()
    {
        var good = _dir.File("audit.log.4.gz", _gz);
        var truncated = _dir.File("audit.log.3.gz", RealGzip.Head(_gz, _gz.Length / 3));
        var plain = _dir.File("audit.log.2", _text);
        var tiny = _dir.File("audit.log.1.gz", [0x1f, 0x8b]);
        var current = _dir.File("audit.log", Searches.Lines(AuditLines.Entry(path: "secret/data/cwiq/now")));

        var (events, result) = await Searches.FilesAsync(new AuditQuery { SecretPath = ["secret/data/cwiq/*"] }, good, truncated, plain, tiny, current);

        Assert.Equal(new[] { good, truncated, plain, tiny, current }, result.Sources.Select(s => s.File));
        Assert.Equal(new bool[] { false, true, false, true, false }, result.Sources.Select(s => s.Failure is AuditCorruptArchiveException));
        var fromTruncated = events.Count(e => e.File == truncated);
        Assert.InRange(fromTruncated, 1, Events - 1);
        Assert.Equal(fromTruncated, ((AuditCorruptArchiveException)result.Sources[1].Failure!).Matches);
        Assert.Equal(new[] { Events, fromTruncated, Events, 0, 1 }, result.Sources.Select(s => events.Count(e => e.File == s.File)));
        Assert.Equal("secret/data/cwiq/now", events[^1].Path);
        Assert.Equal(0, result.MalformedLines);
    }

    [Fact]
    public async Task Tail_keeps_the_last_matches_across_a_broken_archive()
    {
        var truncated = _dir.File("cut.gz", RealGzip.Head(_gz, _gz.Length / 2));
        var (all, _) = await Searches.FilesAsync(new AuditQuery(), truncated);

        var (tail, result) = await Searches.FilesAsync(new AuditQuery(), new AuditSearchOptions { Tail = 3 }, truncated);

        Assert.Equal(all.TakeLast(3).Select(e => e.LineNumber), tail.Select(e => e.LineNumber));
        Assert.IsType<AuditCorruptArchiveException>(result.Sources[0].Failure);
    }

    [Fact]
    public async Task A_truncated_gzip_stream_reports_its_failure_in_the_summary()
    {
        var searcher = new AuditLogSearcher(new AuditQuery());
        var found = 0;

        var summary = await searcher.SearchStreamAsync(new MemoryStream(RealGzip.Head(_gz, _gz.Length / 2)), "stdin", (_, _) =>
        {
            found++;
            return ValueTask.CompletedTask;
        });
        var sound = await searcher.SearchStreamAsync(new MemoryStream(_gz), "stdin", (_, _) => ValueTask.CompletedTask);

        var failure = Assert.IsType<AuditCorruptArchiveException>(summary.Failure);
        Assert.True(failure.Truncated);
        Assert.Equal(found, failure.LinesRead);
        Assert.InRange(found, 1, Events - 1);
        Assert.Null(sound.Failure);
        Assert.Equal(Events, sound.Lines);
    }

    [Fact]
    public async Task Follow_reports_a_broken_archive_after_its_first_read_and_follows_the_plain_file()
    {
        var truncated = _dir.File("cut.gz", RealGzip.Head(_gz, _gz.Length / 2));
        var live = _dir.File("audit.log", Searches.Lines(AuditLines.Entry(path: "secret/data/cwiq/live")));
        var firstPass = new List<AuditSourceSummary>();
        using var cancel = new CancellationTokenSource();
        var searcher = new AuditLogSearcher(new AuditQuery(), new AuditSearchOptions { Follow = true, FollowPollInterval = TimeSpan.FromMilliseconds(20) });

        var following = searcher.SearchFilesAsync([truncated, live], (_, _) => ValueTask.CompletedTask, onFirstPass: s =>
        {
            lock (firstPass)
            {
                firstPass.Add(s);
                if (firstPass.Count == 2)
                {
                    cancel.Cancel();
                }
            }
        }, cancellationToken: cancel.Token);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);
        Assert.IsType<AuditCorruptArchiveException>(firstPass[0].Failure);
        Assert.Null(firstPass[1].Failure);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] PadTo(byte[] member, int size)
    {
        Assert.Equal(0, member[3]); // gzip -n from stdin writes no optional header fields
        var extra = size - member.Length - 2;
        var padded = new byte[size];
        member.AsSpan(0, 10).CopyTo(padded);
        padded[3] = 0x04; // FEXTRA
        padded[10] = (byte)(extra & 0xff);
        padded[11] = (byte)(extra >> 8);
        member.AsSpan(10).CopyTo(padded.AsSpan(12 + extra));
        return padded;
    }
}
