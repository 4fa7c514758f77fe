namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>A clock that moves only when told: wall time and timestamps advance together.</summary>
public sealed class ManualClock : TimeProvider
{
    private readonly object _lock = new();
    private DateTimeOffset _now;
    private long _ticks = 1_000_000;

    public ManualClock(DateTimeOffset? start = null) => _now = start ?? new DateTimeOffset(2025, 6, 1, 12, 0, 30, TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp()
    {
        lock (_lock)
        {
            return _ticks;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock)
        {
            _now += by;
            _ticks += by.Ticks;
        }
    }
}
