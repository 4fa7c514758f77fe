namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// Dual mode's coin. Per access: a SplitMix64 sequence advanced with one interlocked add, so it is lock-free,
/// allocation-free and, from a given seed on one thread, the same sequence every run. Sticky: a 64-bit FNV-1a hash
/// of the name's UTF-16 code units (stable across processes and runs, unlike string.GetHashCode) into 0..99.
/// </summary>
internal sealed class CanaryRouter
{
    private const ulong Golden = 0x9E3779B97F4A7C15UL;
    private readonly CanaryRouting _routing;
    private ulong _state;

    public CanaryRouter(CanaryRouting routing, long seed)
    {
        _routing = routing;
        _state = unchecked((ulong)seed);
    }

    public bool IsSticky => _routing == CanaryRouting.Sticky;

    /// <summary>True when this access of a secret whose sticky bucket is <paramref name="stickyBucket"/> goes to Vault.</summary>
    public bool ToVault(int stickyBucket, int percent)
    {
        if (percent <= 0)
        {
            return false;
        }

        if (percent >= 100)
        {
            return true;
        }

        return (_routing == CanaryRouting.Sticky ? stickyBucket : NextPercentile()) < percent;
    }

    /// <summary>The name's fixed place in 0..99 for sticky routing.</summary>
    public static int StickyBucket(string name)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in name)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        // Fold the high bits in: FNV's low bits alone are weak for short keys.
        hash ^= hash >> 32;
        return (int)(hash % 100);
    }

    private int NextPercentile()
    {
        var z = unchecked(Interlocked.Add(ref _state, Golden));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(((z >> 32) * 100) >> 32);
    }
}
