using System.Runtime.CompilerServices;
using System.Text;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// A cheap, sound byte test that rules lines out before any JSON parsing. Each group lists literals one of which
/// a matching entry's decoded field must contain. A JSON string holds its text as the same UTF-8 bytes unless it
/// uses an escape, and every escape starts with a backslash. A literal without quotes, backslashes or control
/// characters can be hidden only by the escapes that may stand for such characters: <c>\uXXXX</c> and <c>\/</c>
/// (<c>\"</c>, <c>\\</c>, <c>\n</c> and the like stand for characters it does not hold). So a line can match only
/// if, for every group, it contains one of the literals as raw bytes, or it holds a <c>\u</c> or <c>\/</c>, or
/// (for a group with a literal that holds such characters) any backslash; such lines are parsed and verified.
/// Vault's own error texts ("1 error occurred:\n\t* permission denied") are thereby not parsed for nothing.
/// The positions of the next occurrences are remembered across the lines of a block, so each literal is searched
/// once per block rather than once per line.
/// </summary>
internal sealed class AuditPrefilter
{
    private const int Unknown = -1;
    private const int Absent = int.MaxValue;

    private readonly byte[][][] _groups;
    private readonly (int, int)[][] _anchors;
    private readonly bool[] _anyEscape;
    private readonly int[][] _next;

    private AuditPrefilter(byte[][][] groups, (int, int)[][] anchors, bool[] anyEscape)
    {
        _groups = groups;
        _anchors = anchors;
        _anyEscape = anyEscape;
        _next = groups.Select(g => new int[g.Length]).ToArray();
        Reset();
    }

    /// <summary>Null when no group narrows anything (some alternative has no literal).</summary>
    public static AuditPrefilter? Create(IEnumerable<IReadOnlyList<string>> groups)
    {
        var compiled = new List<byte[][]>();
        var anyEscape = new List<bool>();
        foreach (var group in groups)
        {
            if (group.Count == 0 || group.Any(string.IsNullOrEmpty))
            {
                continue;
            }

            // A literal that holds a quote, a backslash or a control character can only appear escaped: it is
            // never searched raw, and its group lets through every line with a backslash.
            compiled.Add(group.Where(CanAppearRaw).Distinct(StringComparer.Ordinal).Select(Encoding.UTF8.GetBytes).ToArray());
            anyEscape.Add(!group.All(CanAppearRaw));
        }

        if (compiled.Count == 0)
        {
            return null;
        }

        // Plain loops rather than LINQ over tuples: each generic instantiation over a value type is compiled on first
        // use, and this runs in the first search of a process.
        var anchors = new (int, int)[compiled.Count][];
        for (var g = 0; g < anchors.Length; g++)
        {
            anchors[g] = new (int, int)[compiled[g].Length];
            for (var l = 0; l < compiled[g].Length; l++)
            {
                anchors[g][l] = compiled[g][l].Length >= 2 ? ByteSearch.RareAnchors(compiled[g][l]) : (0, 0);
            }
        }

        return new AuditPrefilter(compiled.ToArray(), anchors, anyEscape.ToArray());
    }

    /// <summary>A prefilter with the same literals and its own remembered positions, for one scanner.</summary>
    public AuditPrefilter Fork() => new(_groups, _anchors, _anyEscape);

    /// <summary>What escapes a line holds, as far as hiding a literal goes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static LineEscapes EscapesIn(ReadOnlySpan<byte> line)
    {
        var escapes = LineEscapes.None;
        var from = 0;
        while (true)
        {
            var at = ByteSearch.IndexOf(line[from..], (byte)'\\');
            if (at < 0)
            {
                return escapes;
            }

            // A backslash followed by u or / may start an escape that hides a literal's character. (After an
            // escaped backslash this over-counts, which only costs a parse.)
            at += from;
            if (at + 1 < line.Length && line[at + 1] is (byte)'u' or (byte)'/')
            {
                return LineEscapes.MayHideLiterals;
            }

            escapes = LineEscapes.Other;
            from = at + 1;
        }
    }

    /// <summary>Forgets remembered positions; call before the first line of each new block.</summary>
    public void Reset()
    {
        foreach (var next in _next)
        {
            for (var i = 0; i < next.Length; i++)
            {
                next[i] = Unknown;
            }
        }
    }

    /// <summary>
    /// False when the line (block[start..end]), which holds <paramref name="escapes"/>, certainly cannot match:
    /// for some group it holds none of the literals, nor an escape that could hide one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool MayMatch(ReadOnlySpan<byte> block, int start, int end, LineEscapes escapes)
    {
        if (escapes == LineEscapes.MayHideLiterals)
        {
            return true;
        }

        for (var g = 0; g < _groups.Length; g++)
        {
            if (!(escapes == LineEscapes.Other && _anyEscape[g]) && !GroupMayMatch(g, block, start, end))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Where the next occurrence (at or after <paramref name="start"/>) of any literal of the first group is, or
    /// int.MaxValue: a line without a backslash that ends before it cannot match (a line with one gets a look of
    /// its own).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int NextTrigger(ReadOnlySpan<byte> block, int start)
    {
        var literals = _groups[0];
        var anchors = _anchors[0];
        var next = _next[0];
        var nearest = Absent;
        for (var i = 0; i < literals.Length; i++)
        {
            if (next[i] < start)
            {
                var found = ByteSearch.IndexOf(block[start..], literals[i], anchors[i]);
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
        var anchors = _anchors[g];
        var next = _next[g];
        for (var i = 0; i < literals.Length; i++)
        {
            var at = next[i];
            if (at < start)
            {
                var found = ByteSearch.IndexOf(block[start..], literals[i], anchors[i]);
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
