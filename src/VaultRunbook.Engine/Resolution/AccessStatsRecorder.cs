using System.Collections.Concurrent;
using System.Diagnostics;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// Counts accesses in memory, per minute, lock-free and without allocating,
/// and adds them to the statistics file every <c>flushInterval</c> (default 30 s), on <see cref="FlushAsync"/> and
/// on dispose. Without a file it only keeps the in-memory totals that <see cref="Snapshot"/> gives. A failed write
/// keeps the counts for the next one (see <see cref="LastFlushError"/>); nothing is lost or counted twice.
/// </summary>
public sealed class AccessStatsRecorder : IDisposable, IAsyncDisposable
{
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromSeconds(30);

    private readonly ResolverClock _clock;
    private readonly object _foldLock = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly List<StatsShard> _live = new();
    private readonly Dictionary<DateTimeOffset, StatsBucket> _unwritten = new();
    private readonly ConcurrentQueue<string> _warnings = new();
    private readonly StatsBucket _lifetime;
    private readonly ITimer? _timer;
    private readonly double _nanosecondsPerTick = 1e9 / Stopwatch.Frequency;
    private readonly long _graceTicks;
    private readonly DateTimeOffset _startedAt;
    private volatile StatsShard _current;
    private volatile bool _lastKillSwitch;
    private bool _disposed;

    public AccessStatsRecorder(string? statsPath, TimeProvider? clock = null, TimeSpan? flushInterval = null, TimeSpan? lockTimeout = null)
        : this(statsPath, new ResolverClock(clock ?? TimeProvider.System), flushInterval, lockTimeout)
    {
    }

    internal AccessStatsRecorder(string? statsPath, ResolverClock clock, TimeSpan? flushInterval, TimeSpan? lockTimeout)
    {
        StatsPath = statsPath is null ? null : Path.GetFullPath(statsPath);
        _clock = clock;
        _startedAt = _clock.UtcNow();
        _lifetime = new StatsBucket(_startedAt, 0);
        _graceTicks = 5 * _clock.Frequency;
        LockTimeout = lockTimeout ?? TimeSpan.FromSeconds(15);
        _current = NewShard(_clock.Now());
        _live.Add(_current);
        var interval = flushInterval ?? DefaultFlushInterval;
        if (StatsPath is not null && interval > TimeSpan.Zero && interval != Timeout.InfiniteTimeSpan)
        {
            _timer = _clock.Provider.CreateTimer(_ => _ = FlushInBackgroundAsync(), null, interval, interval);
        }
    }

    /// <summary>The statistics file, or null for in-memory counting only.</summary>
    public string? StatsPath { get; }

    public TimeSpan LockTimeout { get; }

    /// <summary>The last write failure (null after a good write); the counts it held are kept for the next one.</summary>
    public Exception? LastFlushError { get; private set; }

    /// <summary>Records one access and its latency at the clock's current time.</summary>
    public void Record(AccessOutcome outcome, TimeSpan latency, ShadowOutcome shadow = ShadowOutcome.None, bool killSwitch = false) =>
        Record(outcome, latency.Ticks * 100L, 1, _clock.Now(), shadow, killSwitch);

    /// <summary>Records one access and its latency in nanoseconds at the clock's current time.</summary>
    public void Record(AccessOutcome outcome, long latencyNanoseconds, ShadowOutcome shadow = ShadowOutcome.None, bool killSwitch = false) =>
        Record(outcome, latencyNanoseconds, 1, _clock.Now(), shadow, killSwitch);

    /// <summary>
    /// Records one access at <paramref name="now"/> (a <see cref="ResolverClock"/> time, which picks the minute).
    /// <paramref name="weight"/> 0 counts it untimed; N adds its latency as N accesses' (sampling one in N).
    /// </summary>
    internal void Record(AccessOutcome outcome, long latencyNanoseconds, int weight, long now, ShadowOutcome shadow, bool killSwitch)
    {
        var shard = _current;
        if (now >= shard.EndsAt)
        {
            shard = Roll(now);
        }

        shard.Record(outcome, latencyNanoseconds, weight, shadow, killSwitch);
        if (killSwitch != _lastKillSwitch)
        {
            _lastKillSwitch = killSwitch;
        }
    }

    /// <summary>Nanoseconds in a Stopwatch interval.</summary>
    internal long Nanoseconds(long stopwatchTicks) => (long)(stopwatchTicks * _nanosecondsPerTick);

    /// <summary>Everything this recorder counted since it started (not what other processes wrote).</summary>
    public SecretAccessStats Snapshot()
    {
        lock (_foldLock)
        {
            Fold();
            return SecretAccessStatsBuilder.Build(new[] { _lifetime }, _startedAt, _clock.UtcNow(), StatsPath, _lastKillSwitch);
        }
    }

    /// <summary>Adds what was counted since the last write to the statistics file, under its cross-process lock.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            List<StatsBucket> batch;
            lock (_foldLock)
            {
                Fold();
                if (StatsPath is null || _unwritten.Count == 0)
                {
                    return;
                }

                batch = _unwritten.Values.ToList();
                _unwritten.Clear();
            }

            try
            {
                if (await AccessStatsFile.MergeAsync(StatsPath, batch, _clock.UtcNow(), LockTimeout, cancellationToken).ConfigureAwait(false) is { } warning)
                {
                    _warnings.Enqueue(warning);
                }

                LastFlushError = null;
            }
            catch (Exception ex)
            {
                lock (_foldLock)
                {
                    foreach (var bucket in batch)
                    {
                        AddUnwritten(bucket);
                    }
                }

                LastFlushError = ex;
                throw;
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>What the writes noticed without failing (a corrupt file set aside), since the last call.</summary>
    public IReadOnlyList<string> TakeWarnings()
    {
        if (_warnings.IsEmpty)
        {
            return []; // every call asks; almost none has a warning
        }

        var taken = new List<string>();
        while (_warnings.TryDequeue(out var warning))
        {
            taken.Add(warning);
        }

        return taken;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _timer?.Dispose();
        try
        {
            FlushAsync().GetAwaiter().GetResult();
        }
        catch (Exception ex)
        {
            LastFlushError = ex;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LastFlushError = ex;
        }
    }

    private async Task FlushInBackgroundAsync()
    {
        try
        {
            await FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            LastFlushError = ex;
        }
    }

    private StatsShard Roll(long now)
    {
        lock (_foldLock)
        {
            var current = _current;
            if (now < current.EndsAt)
            {
                return current;
            }

            var next = NewShard(now);
            _live.Add(next);
            _current = next;
            return next;
        }
    }

    private StatsShard NewShard(long now)
    {
        var utc = _clock.UtcNow();
        var minute = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
        return new StatsShard(minute, now + _clock.ToTicks(minute.AddMinutes(1) - utc));
    }

    // Under _foldLock: moves what the live minutes gained into the lifetime totals and the unwritten deltas, and
    // drops minutes that ended a while ago (no access still holds them).
    private void Fold()
    {
        var now = _clock.Now();
        for (var i = _live.Count - 1; i >= 0; i--)
        {
            var shard = _live[i];
            var delta = shard.TakeDelta();
            if (!delta.IsEmpty)
            {
                _lifetime.Add(delta);
                if (StatsPath is not null)
                {
                    AddUnwritten(delta);
                }
            }

            if (!ReferenceEquals(shard, _current) && now > shard.EndsAt + _graceTicks)
            {
                _live.RemoveAt(i);
            }
        }
    }

    private void AddUnwritten(StatsBucket delta)
    {
        if (_unwritten.TryGetValue(delta.Start, out var existing))
        {
            existing.Add(delta);
        }
        else
        {
            _unwritten[delta.Start] = delta;
        }
    }
}
