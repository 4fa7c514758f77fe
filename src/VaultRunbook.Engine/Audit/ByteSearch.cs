using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// The byte searches on the audit search's hot path, written out with Vector256/Vector128 and compiled fully
/// optimised on first use. The library's own searches would do as well once tiered up, but in a fresh process
/// they first run as precompiled code for the baseline instruction set (16 bytes a step, values spilled to the
/// stack) until the tiering catches up, which on a one-second search is most of it. Without vector hardware
/// they hand over to the library.
/// </summary>
internal static class ByteSearch
{
    /// <summary>The index of the first <paramref name="value"/> in <paramref name="span"/>, or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOf(ReadOnlySpan<byte> span, byte value)
    {
        ref var origin = ref MemoryMarshal.GetReference(span);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var target = Vector256.Create(value);
            for (; i + Vector256<byte>.Count <= span.Length; i += Vector256<byte>.Count)
            {
                var marks = Vector256.Equals(Vector256.LoadUnsafe(ref origin, (nuint)i), target).ExtractMostSignificantBits();
                if (marks != 0)
                {
                    return i + BitOperations.TrailingZeroCount(marks);
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var target = Vector128.Create(value);
            for (; i + Vector128<byte>.Count <= span.Length; i += Vector128<byte>.Count)
            {
                var marks = Vector128.Equals(Vector128.LoadUnsafe(ref origin, (nuint)i), target).ExtractMostSignificantBits();
                if (marks != 0)
                {
                    return i + BitOperations.TrailingZeroCount(marks);
                }
            }
        }
        else
        {
            return span.IndexOf(value);
        }

        for (; i < span.Length; i++)
        {
            if (span[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    // Bytes of Vault's audit lines from the most to the least frequent (counted on a real file-audit log): hex
    // digits, quotes and the letters of the field names. Any byte not listed is rarer than all of these.
    private static ReadOnlySpan<byte> Frequent => "\"eac7d20154fb:638ts9,i-onhmrlp_uk{}y.v/[]"u8;

    /// <summary>
    /// Two places in <paramref name="literal"/> (two bytes or more) whose bytes are the rarest in audit lines: a
    /// search that looks for both of them at once stops at few places that are not the literal. For
    /// "secret/data/cwiq" they are the w and the q.
    /// </summary>
    public static (int First, int Second) RareAnchors(ReadOnlySpan<byte> literal)
    {
        int Rarity(byte b) => Frequent.IndexOf(b) is var rank and >= 0 ? rank : Frequent.Length + (b >= 0x80 ? 1 : 0);

        var first = 0;
        for (var i = 1; i < literal.Length; i++)
        {
            if (Rarity(literal[i]) > Rarity(literal[first]))
            {
                first = i;
            }
        }

        var second = first == 0 ? 1 : 0;
        for (var i = 0; i < literal.Length; i++)
        {
            if (i != first && Rarity(literal[i]) > Rarity(literal[second]))
            {
                second = i;
            }
        }

        return first < second ? (first, second) : (second, first);
    }

    /// <summary>
    /// The index of the first occurrence of <paramref name="literal"/> (two bytes or more) in <paramref name="span"/>,
    /// or -1: places where its bytes at <paramref name="anchors"/> (see <see cref="RareAnchors"/>) both match are
    /// found 32 at a time, then compared in full.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOf(ReadOnlySpan<byte> span, ReadOnlySpan<byte> literal, (int First, int Second) anchors)
    {
        var length = literal.Length;
        if (!Vector256.IsHardwareAccelerated || length < 2)
        {
            return span.IndexOf(literal);
        }

        ref var origin = ref MemoryMarshal.GetReference(span);
        var (a, b) = anchors;
        var atA = Vector256.Create(literal[a]);
        var atB = Vector256.Create(literal[b]);
        var i = 0;
        for (; i + length - 1 + Vector256<byte>.Count <= span.Length; i += Vector256<byte>.Count)
        {
            var marks = (Vector256.Equals(Vector256.LoadUnsafe(ref origin, (nuint)(i + a)), atA)
                & Vector256.Equals(Vector256.LoadUnsafe(ref origin, (nuint)(i + b)), atB)).ExtractMostSignificantBits();
            while (marks != 0)
            {
                var at = i + BitOperations.TrailingZeroCount(marks);
                if (span.Slice(at, length).SequenceEqual(literal))
                {
                    return at;
                }

                marks &= marks - 1;
            }
        }

        var rest = span[i..].IndexOf(literal);
        return rest < 0 ? -1 : i + rest;
    }

    /// <summary>Whether every byte is below 0x80 (such a line is valid UTF-8 without a closer look).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsAscii(ReadOnlySpan<byte> span)
    {
        ref var origin = ref MemoryMarshal.GetReference(span);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var high = Vector256<byte>.Zero;
            for (; i + Vector256<byte>.Count <= span.Length; i += Vector256<byte>.Count)
            {
                high |= Vector256.LoadUnsafe(ref origin, (nuint)i);
            }

            if (high.ExtractMostSignificantBits() != 0)
            {
                return false;
            }
        }

        for (; i < span.Length; i++)
        {
            if (span[i] >= 0x80)
            {
                return false;
            }
        }

        return true;
    }
}
