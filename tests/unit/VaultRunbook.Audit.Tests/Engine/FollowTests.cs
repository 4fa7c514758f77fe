using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using VaultRunbook.Audit.Tests.Support;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>Follow: appended lines arrive while following, a partial line waits for its newline, truncation and rotation start over, cancel ends it.</summary>
public sealed class FollowTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Appended_lines_arrive_until_cancelled()
    {
        var log = _dir.File("audit.log", Searches.Lines(AuditLines.Entry(path: "secret/data/cwiq/1"), AuditLines.Entry(path: "sys/health")));
        var found = new ConcurrentQueue<AuditEvent>();
        var firstPass = new ConcurrentQueue<AuditSourceSummary>();
        using var cancel = new CancellationTokenSource();
        var searcher = new AuditLogSearcher(
            new AuditQuery { SecretPath = ["secret/data/cwiq*"] },
            new AuditSearchOptions { Follow = true, FollowPollInterval = TimeSpan.FromMilliseconds(20) });

        var following = searcher.SearchFilesAsync(
            [log],
            (e, _) =>
            {
                found.Enqueue(e);
                return ValueTask.CompletedTask;
            },
            onFirstPass: firstPass.Enqueue,
            cancellationToken: cancel.Token);

        // The summary of the first pass comes once everything read so far was handed over.
        await WaitFor(() => found.Count == 1 && firstPass.Count == 1);
        Assert.Equal(2, firstPass.Single().Lines);

        Append(log, AuditLines.Entry(path: "sys/mounts") + "\n" + AuditLines.Entry(path: "secret/data/cwiq/2") + "\n");
        await WaitFor(() => found.Count == 2);
        Assert.Equal(4, found.Last().LineNumber);

        // half a line: nothing until its newline arrives
        var third = AuditLines.Entry(path: "secret/data/cwiq/3");
        Append(log, third[..(third.Length / 2)]);
        await Task.Delay(300);
        Assert.Equal(2, found.Count);
        Append(log, third[(third.Length / 2)..] + "\n");
        await WaitFor(() => found.Count == 3);
        Assert.Equal(("secret/data/cwiq/3", 5L), (found.Last().Path!, found.Last().LineNumber));

        // copytruncate: the file starts over
        File.WriteAllText(log, AuditLines.Entry(path: "secret/data/cwiq/after-truncate") + "\n");
        await WaitFor(() => found.Count == 4);
        Assert.Equal(("secret/data/cwiq/after-truncate", 1L), (found.Last().Path!, found.Last().LineNumber));

        // rename and create: the new file is read from its start
        File.Move(log, log + ".1");
        File.WriteAllText(log, AuditLines.Entry(path: "sys/health") + "\n" + AuditLines.Entry(path: "secret/data/cwiq/after-rotate") + "\n");
        await WaitFor(() => found.Count == 5);
        Assert.Equal(("secret/data/cwiq/after-rotate", 2L), (found.Last().Path!, found.Last().LineNumber));

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);
        Assert.Equal(5, found.Count);
    }

    [Fact]
    public async Task Tail_gives_the_last_n_then_follows()
    {
        var log = _dir.File("audit.log", Searches.Lines(Enumerable.Range(1, 5).Select(i => AuditLines.Entry(path: $"secret/data/cwiq/{i}")).ToArray()));
        var found = new ConcurrentQueue<AuditEvent>();
        using var cancel = new CancellationTokenSource();
        var following = new AuditLogSearcher(new AuditQuery(), new AuditSearchOptions { Follow = true, Tail = 2, FollowPollInterval = TimeSpan.FromMilliseconds(20) })
            .SearchFilesAsync([log], (e, _) =>
            {
                found.Enqueue(e);
                return ValueTask.CompletedTask;
            }, cancellationToken: cancel.Token);

        await WaitFor(() => found.Count == 2);
        Append(log, AuditLines.Entry(path: "secret/data/cwiq/6") + "\n");
        await WaitFor(() => found.Count == 3);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => following);

        Assert.Equal(new[] { "secret/data/cwiq/4", "secret/data/cwiq/5", "secret/data/cwiq/6" }, found.Select(e => e.Path));
    }

    [Fact]
    public async Task Compressed_files_are_read_once_and_nothing_is_left_to_follow()
    {
        var gz = _dir.Gzip("old.log.gz", File.ReadAllText(RepoFiles.SchemaDoc));

        var (events, _) = await Searches.FilesAsync(new AuditQuery(), new AuditSearchOptions { Follow = true }, gz);

        Assert.Equal(2, events.Count);
    }

    private static void Append(string path, string text)
    {
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        file.Write(Encoding.UTF8.GetBytes(text));
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < Patience, "timed out waiting for followed lines");
            await Task.Delay(20);
        }
    }
}
