using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// The resolver's access statistics over a window, as the runbook reports them: requests, vault hits, env
/// fallbacks, errors, cache hits, the vault hit rate, cache effectiveness (mean uncached Vault latency over mean
/// cached latency), p50/p99 latency, shadow comparisons and the kill switch. Counts only, never a value.
/// </summary>
public sealed record SecretAccessStats
{
    /// <summary>The statistics file read (null for a resolver's in-memory counts).</summary>
    public string? StatsPath { get; init; }

    /// <summary>The window asked for.</summary>
    public required DateTimeOffset Since { get; init; }

    public required DateTimeOffset Until { get; init; }

    /// <summary>The start of the earliest recorded bucket in the window (null: nothing recorded).</summary>
    public DateTimeOffset? FirstRecordedAt { get; init; }

    /// <summary>The end of the latest recorded bucket in the window.</summary>
    public DateTimeOffset? LastRecordedAt { get; init; }

    /// <summary>
    /// When a process last added its counts to the statistics file (null: never, or an in-memory snapshot). Each
    /// process counts in memory and flushes in batches (every 30 s, when the module is removed and at exit), so the
    /// file holds what every process recorded up to about one flush interval ago.
    /// </summary>
    public DateTimeOffset? LastFlushAt { get; init; }

    /// <summary>How old the newest flush was when the file was read.</summary>
    public TimeSpan? LastFlushAge { get; init; }

    public long Requests { get; init; }

    /// <summary>Accesses served from Vault, with a round trip or from the cache.</summary>
    public long VaultHits { get; init; }

    /// <summary>Accesses served from the environment as the rollout asked.</summary>
    public long EnvHits { get; init; }

    /// <summary>Accesses where Vault was asked, failed, and the environment served (each also counts as an error).</summary>
    public long EnvFallbacks { get; init; }

    /// <summary>Accesses that served nothing (the caller got an error).</summary>
    public long Failures { get; init; }

    /// <summary>EnvFallbacks + Failures + ShadowErrors.</summary>
    public long Errors { get; init; }

    /// <summary>Vault hits served from the cache.</summary>
    public long CacheHits { get; init; }

    /// <summary>VaultHits / Requests (0..1); null with no requests.</summary>
    public double? VaultHitRate { get; init; }

    /// <summary>CacheHits / VaultHits (0..1); null with no vault hits.</summary>
    public double? CacheHitRate { get; init; }

    /// <summary>Mean latency of an access that went to Vault, over that of one the cache served; null without both.</summary>
    public double? CacheEffectiveness { get; init; }

    public TimeSpan? MeanVaultLatency { get; init; }

    public TimeSpan? MeanCachedLatency { get; init; }

    /// <summary>Median access latency, from a log-linear histogram (within a few percent).</summary>
    public TimeSpan? P50Latency { get; init; }

    public TimeSpan? P99Latency { get; init; }

    public long ShadowMatches { get; init; }

    public long ShadowMismatches { get; init; }

    /// <summary>Shadow comparisons that could not read Vault.</summary>
    public long ShadowErrors { get; init; }

    /// <summary>Whether the latest recorded accesses in the window were served under the kill switch.</summary>
    public bool KillSwitchActive { get; init; }

    /// <summary>Accesses served under the kill switch in the window.</summary>
    public long KillSwitchAccesses { get; init; }

    /// <summary>The start of the earliest bucket with an error (minute precision; an hour for data older than a day).</summary>
    public DateTimeOffset? FirstErrorAt { get; init; }

    /// <summary>The end of the latest bucket with an error.</summary>
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>The measurements the rollout's readiness criteria are judged on.</summary>
    public ReadinessInputs ToReadinessInputs() => new()
    {
        WindowStart = Since,
        WindowEnd = Until,
        DataSince = FirstRecordedAt,
        Requests = Requests,
        Errors = Errors,
        VaultHitRate = VaultHitRate,
        P99Latency = P99Latency,
        CacheEffectiveness = CacheEffectiveness,
    };

    public override string ToString() =>
        $"{Requests} requests, {VaultHits} vault hits, {EnvFallbacks} env fallbacks, {Errors} errors, {CacheHits} cache hits";
}
