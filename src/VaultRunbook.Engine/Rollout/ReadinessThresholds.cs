namespace VaultRunbook.Engine.Rollout;

/// <summary>The runbook's readiness criteria before a canary step, with its defaults.</summary>
public sealed record ReadinessThresholds
{
    /// <summary>Zero errors for this many days.</summary>
    public int ErrorFreeDays { get; init; } = 7;

    /// <summary>The measured vault hit rate must be within this many percentage points of the canary target.</summary>
    public double HitRateTolerancePoints { get; init; } = 5;

    /// <summary>p99 access latency must be under this.</summary>
    public TimeSpan MaxP99Latency { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Cache effectiveness (uncached latency / cached latency) must be over this.</summary>
    public double MinCacheEffectiveness { get; init; } = 2;
}
