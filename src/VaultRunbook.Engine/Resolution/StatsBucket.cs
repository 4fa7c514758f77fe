namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// The counts of one time slice (a minute, or an hour once older than a day): accesses and latency sums per
/// outcome, shadow comparisons, kill-switch accesses and a sparse latency histogram. Buckets merge by addition.
/// </summary>
internal sealed class StatsBucket
{
    public const int OutcomeCount = 5;

    public StatsBucket(DateTimeOffset start, int seconds)
    {
        Start = start;
        Seconds = seconds;
    }

    public DateTimeOffset Start { get; set; }

    public int Seconds { get; set; }

    public DateTimeOffset End => Start.AddSeconds(Seconds);

    public long[] Counts { get; } = new long[OutcomeCount];

    /// <summary>Summed latency of the timed accesses, weighted.</summary>
    public long[] LatencyNanoseconds { get; } = new long[OutcomeCount];

    /// <summary>The weight of the timed accesses (about the count when fast accesses are sampled one in N with weight N).</summary>
    public long[] Timed { get; } = new long[OutcomeCount];

    public long ShadowMatches { get; set; }

    public long ShadowMismatches { get; set; }

    public long ShadowErrors { get; set; }

    public long KillSwitchAccesses { get; set; }

    /// <summary>Histogram bucket index (<see cref="LatencyHistogram"/>) to count; only non-zero entries.</summary>
    public SortedDictionary<int, long> Latency { get; } = new();

    public long Requests => Counts.Sum();

    public long Errors => Counts[(int)AccessOutcome.EnvFallback] + Counts[(int)AccessOutcome.Failed] + ShadowErrors;

    public bool IsEmpty => Requests == 0 && ShadowMatches == 0 && ShadowMismatches == 0 && ShadowErrors == 0;

    public void Add(StatsBucket other)
    {
        for (var i = 0; i < OutcomeCount; i++)
        {
            Counts[i] += other.Counts[i];
            LatencyNanoseconds[i] += other.LatencyNanoseconds[i];
            Timed[i] += other.Timed[i];
        }

        ShadowMatches += other.ShadowMatches;
        ShadowMismatches += other.ShadowMismatches;
        ShadowErrors += other.ShadowErrors;
        KillSwitchAccesses += other.KillSwitchAccesses;
        foreach (var (index, count) in other.Latency)
        {
            Latency[index] = Latency.GetValueOrDefault(index) + count;
        }
    }
}
