using System.Numerics;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// Log-linear latency buckets over nanoseconds: exact below 16 ns, then 16 sub-buckets per power of two up to
/// 2^40 ns (about 18 minutes), so a bucket's midpoint is within about 3% of any value in it and p50/p99 read from
/// the counts are good to a few percent. Counts merge by addition, across minutes and processes alike.
/// </summary>
internal static class LatencyHistogram
{
    private const int SubBits = 4;
    private const int Sub = 1 << SubBits;
    private const int MaxExponent = 40;

    public const int BucketCount = (MaxExponent - SubBits + 1) * Sub + Sub;

    public static int IndexOf(long nanoseconds)
    {
        if (nanoseconds < Sub)
        {
            return nanoseconds < 0 ? 0 : (int)nanoseconds;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)nanoseconds);
        if (exponent > MaxExponent)
        {
            return BucketCount - 1;
        }

        var sub = (int)(nanoseconds >> (exponent - SubBits)) & (Sub - 1);
        return ((exponent - SubBits + 1) * Sub) + sub;
    }

    /// <summary>The middle of a bucket, in nanoseconds.</summary>
    public static double Midpoint(int index)
    {
        if (index < Sub)
        {
            return index;
        }

        var exponent = (index / Sub) + SubBits - 1;
        var sub = index % Sub;
        var width = 1L << (exponent - SubBits);
        var lower = (long)(Sub + sub) << (exponent - SubBits);
        return lower + (width / 2.0);
    }

    /// <summary>The <paramref name="quantile"/> (0..1) of the counted latencies, in nanoseconds; null when nothing was counted.</summary>
    public static double? Percentile(IReadOnlyList<long> counts, double quantile)
    {
        long total = 0;
        foreach (var c in counts)
        {
            total += c;
        }

        if (total == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        if (rank < 1)
        {
            rank = 1;
        }

        long seen = 0;
        for (var i = 0; i < counts.Count; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return Midpoint(i);
            }
        }

        return Midpoint(counts.Count - 1);
    }
}
