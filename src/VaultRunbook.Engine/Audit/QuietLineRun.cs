using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Walks, in one vectorised pass, a run of "quiet" lines: whole lines shaped <c>{...}</c>, holding no backslash,
/// that end before a given position (the next literal hit). Such lines cannot match and are not malformed in any
/// way the prefilter would notice, so they are only counted. It stops at the start of the first line that needs
/// a look of its own.
/// </summary>
internal static class QuietLineRun
{
    /// <summary>
    /// Returns where the first line needing attention starts (at or after <paramref name="start"/>), and in
    /// <paramref name="lines"/> how many quiet lines came before it. <paramref name="start"/> is a line start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Skip(ReadOnlySpan<byte> region, int start, int limit, out int lines)
    {
        lines = 0;
        var lineStart = start;
        if (lineStart >= region.Length || region[lineStart] != (byte)'{')
        {
            return lineStart;
        }

        ref var origin = ref MemoryMarshal.GetReference(region);
        var i = start;
        if (Vector256.IsHardwareAccelerated)
        {
            var newline = Vector256.Create((byte)'\n');
            var backslash = Vector256.Create((byte)'\\');
            for (; i + Vector256<byte>.Count <= region.Length; i += Vector256<byte>.Count)
            {
                var chunk = Vector256.LoadUnsafe(ref origin, (nuint)i);
                var marks = (Vector256.Equals(chunk, newline) | Vector256.Equals(chunk, backslash)).ExtractMostSignificantBits();
                while (marks != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(marks);
                    marks &= marks - 1;
                    if (!Quiet(region, at, limit, ref lineStart, ref lines))
                    {
                        return lineStart;
                    }
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var newline = Vector128.Create((byte)'\n');
            var backslash = Vector128.Create((byte)'\\');
            for (; i + Vector128<byte>.Count <= region.Length; i += Vector128<byte>.Count)
            {
                var chunk = Vector128.LoadUnsafe(ref origin, (nuint)i);
                var marks = (Vector128.Equals(chunk, newline) | Vector128.Equals(chunk, backslash)).ExtractMostSignificantBits();
                while (marks != 0)
                {
                    var at = i + BitOperations.TrailingZeroCount(marks);
                    marks &= marks - 1;
                    if (!Quiet(region, at, limit, ref lineStart, ref lines))
                    {
                        return lineStart;
                    }
                }
            }
        }

        for (; i < region.Length; i++)
        {
            if ((region[i] == (byte)'\n' || region[i] == (byte)'\\') && !Quiet(region, i, limit, ref lineStart, ref lines))
            {
                return lineStart;
            }
        }

        // The last bytes hold no newline: that unfinished line is for the caller.
        return lineStart;
    }

    // One newline or backslash at `at`. True when the walk goes on.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Quiet(ReadOnlySpan<byte> region, int at, int limit, ref int lineStart, ref int lines)
    {
        if (region[at] == (byte)'\\' || at >= limit || at == lineStart || region[at - 1] != (byte)'}')
        {
            return false;
        }

        lines++;
        lineStart = at + 1;
        return lineStart < region.Length && region[lineStart] == (byte)'{';
    }
}
