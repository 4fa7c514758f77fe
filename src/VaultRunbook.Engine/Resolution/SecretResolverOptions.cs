namespace VaultRunbook.Engine.Resolution;

/// <summary>How a <see cref="SecretResolver"/> runs. Every default suits a service; tests inject the clock, seed and environment.</summary>
public sealed record SecretResolverOptions
{
    public static readonly TimeSpan DefaultCheckInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a running resolver re-reads the rollout state (mode, canary, kill switch): the first access after
    /// this interval reads it again, so a change (the kill switch above all) takes effect within this interval plus
    /// one read of the store, without a restart. Default 5 s; zero re-reads on every access.
    /// </summary>
    public TimeSpan CheckInterval { get; init; } = DefaultCheckInterval;

    /// <summary>Per access (default: the measured hit rate matches the percentage) or sticky per secret name.</summary>
    public CanaryRouting Routing { get; init; } = CanaryRouting.PerAccess;

    /// <summary>Seeds per-access routing, making it deterministic (for tests); null draws a seed.</summary>
    public long? RandomSeed { get; init; }

    /// <summary>
    /// The clock for the cache TTL, the check interval and the statistics minutes. The system clock is read at a
    /// 20 ms granularity (a timer refreshes it; see ResolverClock), so a TTL or interval may run up to about 20 ms
    /// long. Latency is always measured with Stopwatch.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Reads an environment variable; default the process environment.</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>The statistics file to add to (see <see cref="ResolutionPaths.DefaultStatsPath"/>); null counts in memory only.</summary>
    public string? StatsPath { get; init; }

    /// <summary>
    /// Latency is timed on one fast access (env, cache hit) in this many, chosen at random, and weighted by it; every
    /// access that goes to Vault is timed. A power of two; default 16; 1 times every access. (Reading the clock costs
    /// more than a cache hit on a virtual machine.) Counts are exact whatever this is.
    /// </summary>
    public int LatencySampling { get; init; } = 16;

    /// <summary>How often the counts are written to <see cref="StatsPath"/> (default 30 s); they are also written on dispose.</summary>
    public TimeSpan StatsFlushInterval { get; init; } = AccessStatsRecorder.DefaultFlushInterval;
}
