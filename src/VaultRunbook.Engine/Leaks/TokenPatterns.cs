using System.Text;
using System.Text.RegularExpressions;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Leaks;

/// <summary>
/// The token prefixes a leak scan and an outgoing notification look for: Vault service, batch and recovery tokens
/// (hvs., hvb., hvr.), legacy Vault service tokens (s. and 24 or more characters), Hugging Face tokens (hf_), AWS
/// access key ids (AKIA, ASIA) and PEM private keys. A found value is shown only masked: its first four characters
/// and "***".
/// </summary>
public static class TokenPatterns
{
    public const string InvalidPatternErrorId = "VaultRunbook.LeakScan.InvalidPattern";

    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.Compiled;
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The built-in kinds, in the order a line is searched.</summary>
    public static IReadOnlyList<TokenPattern> BuiltIn { get; } =
    [
        Make("VaultServiceToken", @"(?<![A-Za-z0-9_.\-])hvs\.[A-Za-z0-9_\-]{20,}"),
        Make("VaultBatchToken", @"(?<![A-Za-z0-9_.\-])hvb\.[A-Za-z0-9_\-]{20,}"),
        Make("VaultRecoveryToken", @"(?<![A-Za-z0-9_.\-])hvr\.[A-Za-z0-9_\-]{20,}"),
        Make("VaultLegacyToken", @"(?<![A-Za-z0-9_.\-/])s\.[A-Za-z0-9]{24,}(?![A-Za-z0-9_\-])"),
        Make("HuggingFaceToken", @"(?<![A-Za-z0-9_])hf_[A-Za-z0-9]{30,}"),
        Make("AwsAccessKeyId", @"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])"),
        // The whole block when its end is in the text (a summary, a JSON body), else the header and the base64 after it.
        Make("PemPrivateKey", @"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[A-Za-z0-9+/=\s\\]*)"),
    ];

    /// <summary>Builds the extra patterns a caller asked for (kind "Custom"); a pattern that does not parse is a usage error.</summary>
    /// <exception cref="ConfigurationException"><see cref="InvalidPatternErrorId"/>.</exception>
    public static IReadOnlyList<TokenPattern> WithExtra(IEnumerable<string>? extra)
    {
        if (extra is null)
        {
            return BuiltIn;
        }

        var all = BuiltIn.ToList();
        foreach (var pattern in extra)
        {
            try
            {
                all.Add(Make("Custom", pattern));
            }
            catch (ArgumentException ex)
            {
                // The pattern is the caller's own text, not a secret; the parser's message says what is wrong with it.
                throw new ConfigurationException(InvalidPatternErrorId, $"The pattern '{pattern}' is not a valid regular expression: {ex.Message}", ex) { Target = pattern };
            }
        }

        return all;
    }

    /// <summary>Every token-looking value in <paramref name="text"/>, by place, in order; overlapping matches keep the first.</summary>
    public static IReadOnlyList<TokenMatch> Find(string text, IReadOnlyList<TokenPattern>? patterns = null)
    {
        var found = new List<TokenMatch>();
        foreach (var pattern in patterns ?? BuiltIn)
        {
            foreach (Match match in pattern.Expression.Matches(text))
            {
                if (match.Length > 0 && !found.Any(f => match.Index < f.Index + f.Length && f.Index < match.Index + match.Length))
                {
                    found.Add(new TokenMatch(pattern.Kind, match.Index, match.Length));
                }
            }
        }

        found.Sort((a, b) => a.Index.CompareTo(b.Index));
        return found;
    }

    /// <summary>The masked form of a found value: its first four characters and "***".</summary>
    public static string Mask(string value) => (value.Length <= 4 ? value[..Math.Min(1, value.Length)] : value[..4]) + "***";

    /// <summary><paramref name="text"/> with every token-looking value replaced by its masked form.</summary>
    public static string Redact(string text, IReadOnlyList<TokenPattern>? patterns = null)
    {
        var matches = Find(text, patterns);
        if (matches.Count == 0)
        {
            return text;
        }

        var redacted = new StringBuilder(text.Length);
        var at = 0;
        foreach (var match in matches)
        {
            redacted.Append(text, at, match.Index - at).Append(Mask(text.Substring(match.Index, match.Length)));
            at = match.Index + match.Length;
        }

        return redacted.Append(text, at, text.Length - at).ToString();
    }

    private static TokenPattern Make(string kind, string expression) => new(kind, new Regex(expression, Options, MatchTimeout));
}
