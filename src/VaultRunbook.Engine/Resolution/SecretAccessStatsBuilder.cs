namespace VaultRunbook.Engine.Resolution;

/// <summary>Adds buckets up into a <see cref="SecretAccessStats"/>.</summary>
internal static class SecretAccessStatsBuilder
{
    public static SecretAccessStats Build(IReadOnlyCollection<StatsBucket> buckets, DateTimeOffset since, DateTimeOffset until, string? statsPath, bool? killSwitchActive = null)
    {
        var total = new StatsBucket(since, 0);
        DateTimeOffset? first = null, last = null, firstError = null, lastError = null;
        StatsBucket? latest = null;
        foreach (var bucket in buckets)
        {
            total.Add(bucket);
            if (bucket.IsEmpty)
            {
                continue;
            }

            first = first is null || bucket.Start < first ? bucket.Start : first;
            last = last is null || bucket.End > last ? bucket.End : last;
            latest = latest is null || bucket.End > latest.End ? bucket : latest;
            if (bucket.Errors > 0)
            {
                firstError = firstError is null || bucket.Start < firstError ? bucket.Start : firstError;
                lastError = lastError is null || bucket.End > lastError ? bucket.End : lastError;
            }
        }

        var counts = total.Counts;
        var requests = total.Requests;
        var vault = counts[(int)AccessOutcome.Vault];
        var cached = counts[(int)AccessOutcome.VaultCached];
        var meanVault = Mean(total, AccessOutcome.Vault);
        var meanCached = Mean(total, AccessOutcome.VaultCached);
        var histogram = new long[LatencyHistogram.BucketCount];
        foreach (var (index, count) in total.Latency)
        {
            histogram[index] = count;
        }

        return new SecretAccessStats
        {
            StatsPath = statsPath,
            Since = since,
            Until = until,
            FirstRecordedAt = first,
            LastRecordedAt = last,
            Requests = requests,
            VaultHits = vault + cached,
            EnvHits = counts[(int)AccessOutcome.Env],
            EnvFallbacks = counts[(int)AccessOutcome.EnvFallback],
            Failures = counts[(int)AccessOutcome.Failed],
            Errors = total.Errors,
            CacheHits = cached,
            VaultHitRate = requests == 0 ? null : (double)(vault + cached) / requests,
            CacheHitRate = vault + cached == 0 ? null : (double)cached / (vault + cached),
            CacheEffectiveness = meanVault is { } v && meanCached is { } c && c > 0 ? v / c : null,
            MeanVaultLatency = ToTimeSpan(meanVault),
            MeanCachedLatency = ToTimeSpan(meanCached),
            P50Latency = ToTimeSpan(LatencyHistogram.Percentile(histogram, 0.50)),
            P99Latency = ToTimeSpan(LatencyHistogram.Percentile(histogram, 0.99)),
            ShadowMatches = total.ShadowMatches,
            ShadowMismatches = total.ShadowMismatches,
            ShadowErrors = total.ShadowErrors,
            KillSwitchActive = killSwitchActive ?? (latest is not null && latest.KillSwitchAccesses > 0),
            KillSwitchAccesses = total.KillSwitchAccesses,
            FirstErrorAt = firstError,
            LastErrorAt = lastError,
        };
    }

    private static double? Mean(StatsBucket total, AccessOutcome outcome) =>
        total.Timed[(int)outcome] is > 0 and var weight ? (double)total.LatencyNanoseconds[(int)outcome] / weight : null;

    // TimeSpan counts 100 ns ticks: round, but never show a measured latency as zero.
    private static TimeSpan? ToTimeSpan(double? nanoseconds) =>
        nanoseconds is { } ns ? TimeSpan.FromTicks(Math.Max(ns > 0 ? 1 : 0, (long)Math.Round(ns / 100.0))) : null;
}
