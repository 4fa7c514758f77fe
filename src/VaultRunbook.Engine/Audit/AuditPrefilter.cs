using System.Runtime.CompilerServices;
using System.Text;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// A cheap, sound byte test that rules lines out before any JSON parsing. Each group lists literals one of which
/// a matching entry's decoded field must contain. A JSON string holds its text as the same UTF-8 bytes unless it
/// uses an escape, and every escape starts with a backslash; so a line can match only if, for every group, it
/// contains one of the literals as raw bytes, or it contains a backslash (then it is parsed and verified).
/// The positions of the next occurrences are remembered across the lines of a block, so each literal is searched
/// once per block rather than once per line.
/// </summary>
internal sealed class AuditPrefilter
{
    private const int Unknown = -1;
    private const int Absent = int.MaxValue;

    private readonly byte[][][] _groups;
    private readonly int[][] _next;

    private AuditPrefilter(byte[][][] groups)
    {
        _groups = groups;
        _next = groups.Select(g => new int[g.Length]).ToArray();
        Reset();
    }

    /// <summary>Null when no group narrows anything (some alternative has no literal).</summary>
    public static AuditPrefilter? Create(IEnumerable<IReadOnlyList<string>> groups)
    {
        var compiled = new List<byte[][]>();
        foreach (var group in groups)
        {
            if (group.Count == 0 || group.Any(string.IsNullOrEmpty))
            {
                continue;
            }

            // A literal that holds a quote, a backslash or a control character can only appear escaped: it is
            // never searched raw, and such a group passes only through the backslash rule.
            compiled.Add(group.Where(CanAppearRaw).Distinct(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes).ToArray());
        }

        return compiled.Count == 0 ? null : new AuditPrefilter(compiled.ToArray());
    }

    /// <summary>A prefilter with the same literals and its own remembered positions, for one scanner.</summary>
    public AuditPrefilter Fork() => new(_groups);

    /// <summary>Forgets remembered positions; call before the first line of each new block.</summary>
    public void Reset()
    {
        foreach (var next in _next)
        {
            Array.Fill(next, Unknown);
        }
    }

    /// <summary>
    /// False when the line (block[start..end]), which holds no backslash, lacks every literal of some group: it
    /// certainly cannot match. (A line with a backslash is always a candidate; the scanner sees to that.)
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MayMatch(ReadOnlySpan<byte> block, int start, int end)
    {
        for (var g = 0; g < _groups.Length; g++)
        {
            if (!GroupMayMatch(g, block, start, end))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Where the next occurrence (at or after <paramref name="start"/>) of any literal of the first group is, or
    /// int.MaxValue: a line without a backslash that ends before it cannot match.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int NextTrigger(ReadOnlySpan<byte> block, int start)
    {
        var literals = _groups[0];
        var next = _next[0];
        var nearest = Absent;
        for (var i = 0; i < literals.Length; i++)
        {
            if (next[i] < start)
            {
                var found = block[start..].IndexOf(literals[i]);
                next[i] = found < 0 ? Absent : start + found;
            }

            nearest = Math.Min(nearest, next[i]);
        }

        return nearest;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool GroupMayMatch(int g, ReadOnlySpan<byte> block, int start, int end)
    {
        var literals = _groups[g];
        var next = _next[g];
        for (var i = 0; i < literals.Length; i++)
        {
            var at = next[i];
            if (at < start)
            {
                var found = block[start..].IndexOf(literals[i]);
                at = found < 0 ? Absent : start + found;
                next[i] = at;
            }

            if (at < end)
            {
                return true;
            }
        }

        return false;
    }

    private static bool CanAppearRaw(string literal)
    {
        foreach (var c in literal)
        {
            if (c < 0x20 || c == '"' || c == '\\')
            {
                return false;
            }
        }

        return true;
    }
}
