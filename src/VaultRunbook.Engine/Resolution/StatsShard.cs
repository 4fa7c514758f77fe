namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// The live counters of one minute, incremented lock-free by every access (interlocked adds on dense arrays, no
/// allocation). An access counts once; a timed one also adds its latency with a weight (the sampling factor when
/// only one fast access in N is timed), so weighted means and percentiles stand for every access.
/// <see cref="TakeDelta"/> reads what was added since the last call: counters only grow, so reading each one and
/// subtracting what was already taken never loses or doubles an access, even while others record.
/// </summary>
internal sealed class StatsShard
{
    private const int Shadow = 0;
    private const int Mismatch = 1;
    private const int ShadowError = 2;
    private const int KillSwitch = 3;

    private readonly long[] _counts = new long[StatsBucket.OutcomeCount];
    private readonly long[] _latency = new long[StatsBucket.OutcomeCount];
    private readonly long[] _timed = new long[StatsBucket.OutcomeCount];
    private readonly long[] _histogram = new long[LatencyHistogram.BucketCount];
    private readonly long[] _other = new long[4];
    private readonly long[] _takenCounts = new long[StatsBucket.OutcomeCount];
    private readonly long[] _takenLatency = new long[StatsBucket.OutcomeCount];
    private readonly long[] _takenTimed = new long[StatsBucket.OutcomeCount];
    private readonly long[] _takenHistogram = new long[LatencyHistogram.BucketCount];
    private readonly long[] _takenOther = new long[4];

    public StatsShard(DateTimeOffset minute, long endsAt)
    {
        Minute = minute;
        EndsAt = endsAt;
    }

    public DateTimeOffset Minute { get; }

    /// <summary>The clock timestamp at which this minute ends.</summary>
    public long EndsAt { get; }

    /// <summary>Counts one access; with <paramref name="weight"/> above zero, also its latency, <paramref name="weight"/> times.</summary>
    public void Record(AccessOutcome outcome, long nanoseconds, int weight, ShadowOutcome shadow, bool killSwitch)
    {
        Interlocked.Increment(ref _counts[(int)outcome]);
        if (weight > 0)
        {
            Interlocked.Add(ref _latency[(int)outcome], nanoseconds * weight);
            Interlocked.Add(ref _timed[(int)outcome], weight);
            Interlocked.Add(ref _histogram[LatencyHistogram.IndexOf(nanoseconds)], weight);
        }

        if (shadow != ShadowOutcome.None)
        {
            Interlocked.Increment(ref _other[shadow switch { ShadowOutcome.Match => Shadow, ShadowOutcome.Mismatch => Mismatch, _ => ShadowError }]);
        }

        if (killSwitch)
        {
            Interlocked.Increment(ref _other[KillSwitch]);
        }
    }

    /// <summary>What was recorded since the previous call. Callers serialise calls to this.</summary>
    public StatsBucket TakeDelta()
    {
        var delta = new StatsBucket(Minute, 60);
        for (var i = 0; i < StatsBucket.OutcomeCount; i++)
        {
            delta.Counts[i] = Take(_counts, _takenCounts, i);
            delta.LatencyNanoseconds[i] = Take(_latency, _takenLatency, i);
            delta.Timed[i] = Take(_timed, _takenTimed, i);
        }

        for (var i = 0; i < _histogram.Length; i++)
        {
            if (Take(_histogram, _takenHistogram, i) is var n && n != 0)
            {
                delta.Latency[i] = n;
            }
        }

        delta.ShadowMatches = Take(_other, _takenOther, Shadow);
        delta.ShadowMismatches = Take(_other, _takenOther, Mismatch);
        delta.ShadowErrors = Take(_other, _takenOther, ShadowError);
        delta.KillSwitchAccesses = Take(_other, _takenOther, KillSwitch);
        return delta;
    }

    private static long Take(long[] live, long[] taken, int index)
    {
        var now = Interlocked.Read(ref live[index]);
        var delta = now - taken[index];
        taken[index] = now;
        return delta;
    }
}
