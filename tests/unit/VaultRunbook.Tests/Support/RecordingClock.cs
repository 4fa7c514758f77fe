using System.Collections.Concurrent;

namespace VaultRunbook.Tests.Support;

/// <summary>
/// A clock whose timers fire at once and remember what they were asked to wait: the retry backoff's delays can be
/// asserted without sleeping and without timing anything.
/// </summary>
public sealed class RecordingClock : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    /// <summary>When set, the clock's time stands still at this instant (for waits computed from an HTTP date).</summary>
    public DateTimeOffset? Now { get; init; }

    public override DateTimeOffset GetUtcNow() => Now ?? base.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            Delays.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
        }

        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
