using System.Runtime.CompilerServices;

namespace VaultRunbook.Engine.Audit;

/// <summary>A <c>*</c>/<c>?</c> pattern in the runbook's form; exact and prefix patterns take a fast path.</summary>
internal sealed class AuditWildcard
{
    private readonly string _pattern;
    private readonly bool _ignoreCase;
    private readonly StringComparison _comparison;
    private readonly Shape _shape;

    public AuditWildcard(string pattern, bool ignoreCase)
    {
        _pattern = pattern;
        _ignoreCase = ignoreCase;
        _comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var firstWildcard = pattern.AsSpan().IndexOfAny('*', '?');
        if (firstWildcard < 0)
        {
            _shape = Shape.Exact;
        }
        else if (firstWildcard == pattern.Length - 1 && pattern[^1] == '*')
        {
            _shape = Shape.Prefix;
            _pattern = pattern[..^1];
        }
        else
        {
            _shape = Shape.Glob;
        }

        LongestLiteral = FindLongestLiteral(pattern);
    }

    private enum Shape
    {
        Exact,
        Prefix,
        Glob,
    }

    /// <summary>The longest run without wildcards: every matching text contains it.</summary>
    public string LongestLiteral { get; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool IsMatch(ReadOnlySpan<char> text) => _shape switch
    {
        Shape.Exact => text.Equals(_pattern, _comparison),
        Shape.Prefix => text.StartsWith(_pattern, _comparison),
        _ => Glob(_pattern, text),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Glob(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        int p = 0, t = 0, star = -1, starText = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                starText = t;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], text[t])))
            {
                p++;
                t++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++starText;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private bool Same(char a, char b) => a == b || (_ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));

    private static string FindLongestLiteral(string pattern)
    {
        var best = ReadOnlySpan<char>.Empty;
        var rest = pattern.AsSpan();
        while (!rest.IsEmpty)
        {
            var cut = rest.IndexOfAny('*', '?');
            var run = cut < 0 ? rest : rest[..cut];
            if (run.Length > best.Length)
            {
                best = run;
            }

            rest = cut < 0 ? ReadOnlySpan<char>.Empty : rest[(cut + 1)..];
        }

        return best.ToString();
    }
}
