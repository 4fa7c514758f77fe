namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// The time the resolver and its statistics run on (cache TTL, check interval, statistics minutes), in ticks of
/// <see cref="Frequency"/>. None of these needs better than tens of milliseconds, and a clock read can cost more than
/// a whole cache hit on a virtual machine, so on the system clock a resolver reads a field that a timer sets from
/// Environment.TickCount64 every 20 ms (the timer holds the clock weakly and stops with it). Without the timer, the
/// system clock is read as Environment.TickCount64; an injected TimeProvider (tests) through its own timestamps.
/// Latency is never measured with this clock, always with Stopwatch.
/// </summary>
internal sealed class ResolverClock : IDisposable
{
    private const int TickerPeriodMilliseconds = 20;
    private readonly Timer? _ticker;
    private long _coarseNow;

    public ResolverClock(TimeProvider provider, bool coarse = false)
    {
        Provider = provider;
        IsSystem = ReferenceEquals(provider, TimeProvider.System);
        Frequency = IsSystem ? 1000 : provider.TimestampFrequency;
        if (IsSystem && coarse)
        {
            _coarseNow = Environment.TickCount64;
            _ticker = new Timer(Tick, new WeakReference<ResolverClock>(this), TickerPeriodMilliseconds, TickerPeriodMilliseconds);
        }
    }

    public TimeProvider Provider { get; }

    public bool IsSystem { get; }

    /// <summary>Ticks of <see cref="Now"/> per second.</summary>
    public long Frequency { get; }

    public long Now() => _ticker is not null ? Volatile.Read(ref _coarseNow) : IsSystem ? Environment.TickCount64 : Provider.GetTimestamp();

    public DateTimeOffset UtcNow() => Provider.GetUtcNow();

    public long ToTicks(TimeSpan span)
    {
        if (span <= TimeSpan.Zero)
        {
            return 0;
        }

        var ticks = span.TotalSeconds * Frequency;
        return ticks >= long.MaxValue / 4 ? long.MaxValue / 4 : (long)ticks;
    }

    public static long Add(long now, long ticks) => ticks > long.MaxValue - now ? long.MaxValue : now + ticks;

    public void Dispose() => _ticker?.Dispose();

    private static void Tick(object? state)
    {
        if (((WeakReference<ResolverClock>)state!).TryGetTarget(out var clock))
        {
            Volatile.Write(ref clock._coarseNow, Environment.TickCount64);
        }
    }
}
