using System.Text.RegularExpressions;
using VaultRunbook.Engine.Leaks;

namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// Recognises what must never be kept in an incident, a report or a notification: a property whose name looks secret
/// (token, secret, password, key, share, otp, nonce...) and a value that looks like a credential (Vault tokens
/// hvs./hvb./hvr. and the legacy s./b./r. forms, Hugging Face hf_, GitHub gh?_, AWS access key ids, JWTs, PEM blocks).
/// Its shapes are looser than the leak scan's (a false positive here only hides a value), and every kind the leak scan
/// knows (<see cref="TokenPatterns.BuiltIn"/>) is scrubbed too, so a token kind added there is never kept here.
/// </summary>
public static partial class SecretScrubber
{
    /// <summary>What a scrubbed value is replaced with.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>Whether a property with this name may hold a secret (checked on unknown types only).</summary>
    public static bool IsSecretName(string name) => SecretName().IsMatch(name);

    /// <summary>Whether the text holds anything that looks like a credential.</summary>
    public static bool ContainsSecret(string? text) => text is { Length: > 0 } && (SecretValue().IsMatch(text) || TokenPatterns.Find(text).Count > 0);

    /// <summary>The text with every credential-looking part replaced by <see cref="Redacted"/>.</summary>
    public static string Scrub(string? text) => text is { Length: > 0 } ? TokenPatterns.Redact(SecretValue().Replace(text, Redacted)) : text ?? string.Empty;

    [GeneratedRegex(@"token|secret|passw|pwd|passphrase|key|share|otp|nonce|credential|cookie|auth|private|pem|hmac|salt|seed|cert", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(
        @"-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)"
        + @"|\bhv[sbr]\.[A-Za-z0-9_\-]{8,}"
        + @"|\b[sbr]\.[A-Za-z0-9]{24,}"
        + @"|\bhf_[A-Za-z0-9]{8,}"
        + @"|\bgh[pousr]_[A-Za-z0-9]{20,}"
        + @"|\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"
        + @"|\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*",
        RegexOptions.CultureInvariant)]
    private static partial Regex SecretValue();
}
