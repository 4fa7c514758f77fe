using System.Collections.Concurrent;
using System.Diagnostics.Tracing;

namespace AuditSearch;

/// <summary>
/// Listens to the runtime's JIT events in-process and reports how long each compilation took, so the cost of
/// compiling in a fresh process (what the first search in a new pwsh pays) can be seen and reduced.
/// </summary>
internal sealed class JitLog(int top) : EventListener
{
    private const EventKeywords JitKeyword = (EventKeywords)0x10;

    private readonly ConcurrentDictionary<long, (DateTime Start, string Name)> _open = new();
    private readonly ConcurrentQueue<(double Ms, string Name, DateTime Start)> _done = new();
    private readonly DateTime _origin = DateTime.UtcNow;

    public void Report(TimeSpan searchTime)
    {
        Thread.Sleep(100);
        var all = _done.ToArray();
        Console.WriteLine($"jit: {all.Length} methods, {all.Sum(x => x.Ms):F1} ms compiling during a {searchTime.TotalMilliseconds:F0} ms search");
        foreach (var group in all.GroupBy(x => Group(x.Name)).OrderByDescending(g => g.Sum(x => x.Ms)))
        {
            Console.WriteLine($"  {group.Key}: {group.Count()} methods, {group.Sum(x => x.Ms):F1} ms");
        }

        // AUDIT_BENCH_JITLOG_ORDER: every compilation in the order it started (which thread waited for what at start-up).
        if (Environment.GetEnvironmentVariable("AUDIT_BENCH_JITLOG_ORDER") is not null)
        {
            foreach (var (ms, name, start) in all.OrderBy(x => x.Start))
            {
                Console.WriteLine($"  {(start - _origin).TotalMilliseconds,6:F1} ms +{ms,5:F2}  {name}");
            }
        }

        foreach (var (ms, name, start) in all.OrderByDescending(x => x.Ms).Take(top))
        {
            Console.WriteLine($"  {ms,6:F2} ms at {(start - _origin).TotalMilliseconds,5:F0} ms  {name}");
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(source, EventLevel.Verbose, JitKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName == "MethodJittingStarted_V1" && e.Payload is { Count: > 5 } started)
        {
            _open[Convert.ToInt64(started[0])] = (e.TimeStamp, $"{started[4]}.{started[5]}");
        }
        else if (e.EventName is "MethodLoadVerbose_V1" or "MethodLoadVerbose_V2" && e.Payload is { Count: > 0 } loaded
            && _open.TryRemove(Convert.ToInt64(loaded[0]), out var open))
        {
            _done.Enqueue(((e.TimeStamp - open.Start).TotalMilliseconds, open.Name, open.Start));
        }
    }

    private static string Group(string name) =>
        name.Contains("VaultRunbook", StringComparison.Ordinal) ? "engine"
        : name.Contains("MethodBuilder", StringComparison.Ordinal) || name.Contains("AsyncStateMachineBox", StringComparison.Ordinal) ? "async plumbing"
        : name.Contains("Channels", StringComparison.Ordinal) ? "channels"
        : "library";
}
