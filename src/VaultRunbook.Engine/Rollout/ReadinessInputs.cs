namespace VaultRunbook.Engine.Rollout;

/// <summary>The measurements readiness is judged on, taken from the access statistics of the window.</summary>
public sealed record ReadinessInputs
{
    public required DateTimeOffset WindowStart { get; init; }

    public required DateTimeOffset WindowEnd { get; init; }

    /// <summary>When the earliest statistics in the window were recorded (null: none).</summary>
    public DateTimeOffset? DataSince { get; init; }

    /// <summary>The statistics file the measurements come from, to name in a detail (null: not from a file).</summary>
    public string? StatsPath { get; init; }

    public long Requests { get; init; }

    public long Errors { get; init; }

    /// <summary>Vault hits / requests, 0..1; null when there were no requests.</summary>
    public double? VaultHitRate { get; init; }

    public TimeSpan? P99Latency { get; init; }

    public double? CacheEffectiveness { get; init; }
}
