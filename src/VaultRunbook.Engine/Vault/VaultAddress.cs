using System.Globalization;
using System.Text.RegularExpressions;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>
/// Parses and checks a Vault node address the way the Vault CLI expects VAULT_ADDR. Credentials in an address
/// (user:password@) are stripped before the address reaches any message, record or journal line.
/// </summary>
public static partial class VaultAddress
{
    /// <summary>The Vault CLI's default when VAULT_ADDR is unset.</summary>
    public const string Default = "https://127.0.0.1:8200";

    private const string InvalidAddress = "VaultRunbook.Vault.InvalidAddress";

    public static Uri Parse(string? text) => Parse(text, null);

    /// <summary>Parses an address; a warning goes to <paramref name="warnings"/> when credentials were stripped.</summary>
    public static Uri Parse(string? text, ICollection<string>? warnings)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ConfigurationException(InvalidAddress, "The Vault address is empty.");
        }

        var shown = Redact(trimmed);
        if (!ReferenceEquals(shown, trimmed))
        {
            warnings?.Add($"The Vault address '{shown}' carried a user name or password (user:password@); it is ignored. Vault authenticates with a token (-Token, VAULT_TOKEN).");
        }

        var schemeEnd = shown.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            throw Invalid(shown, MissingSchemeAdvice(shown));
        }

        var scheme = shown[..schemeEnd].ToLowerInvariant();
        if (scheme is not ("http" or "https"))
        {
            throw Invalid(shown, $"uses the scheme '{shown[..schemeEnd]}'; only http:// and https:// are supported");
        }

        if (!Uri.TryCreate(shown, UriKind.Absolute, out var uri))
        {
            throw Invalid(shown, AuthorityProblem(shown[(schemeEnd + 3)..]));
        }

        if (string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid(shown, "has no host name");
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            throw Invalid(shown, "must not carry a query (?...) or a fragment (#...)");
        }

        return uri;
    }

    /// <summary>The canonical text of an address: scheme, host, port and path without a trailing slash.</summary>
    public static string Format(Uri address)
    {
        if (string.IsNullOrEmpty(address.UserInfo))
        {
            return address.GetLeftPart(UriPartial.Path).TrimEnd('/');
        }

        var builder = new UriBuilder(address) { UserName = string.Empty, Password = string.Empty };
        return builder.Uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>
    /// The address without user:password@ (with or without a scheme, whatever the scheme), for messages and
    /// records. Returns the same instance when there was nothing to strip.
    /// </summary>
    public static string Redact(string text)
    {
        // The last '@' anywhere: a password may itself hold '/', '?' or '#', and a Vault address has no '@' in
        // its path, so erring this way never shows a password.
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var at = text.LastIndexOf('@');
        return at < start ? text : string.Concat(text.AsSpan(0, start), text.AsSpan(at + 1));
    }

    private static string MissingSchemeAdvice(string shown)
    {
        var mangled = MangledScheme().Match(shown);
        if (mangled.Success)
        {
            var scheme = mangled.Groups["scheme"].Value.ToLowerInvariant();
            return $"has a malformed scheme ('{mangled.Groups["sep"].Value}' where '://' belongs). Did you mean {scheme}://{mangled.Groups["rest"].Value}?";
        }

        return $"has no scheme. Use a full URL such as https://{shown}";
    }

    // Why a URL with an http(s) scheme did not parse: its host or its port.
    private static string AuthorityProblem(string afterScheme)
    {
        var end = afterScheme.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? afterScheme : afterScheme[..end];
        if (authority.Length == 0)
        {
            return "has no host name";
        }

        if (authority.StartsWith('[') && !authority.Contains(']', StringComparison.Ordinal))
        {
            return "has an IPv6 host without its closing ']' (write it as http://[::1]:8200)";
        }

        var portSeparator = authority.LastIndexOf(':');
        if (portSeparator >= 0 && portSeparator > authority.LastIndexOf(']'))
        {
            var port = authority[(portSeparator + 1)..];
            if (port.Length > 0 && !port.All(char.IsAsciiDigit))
            {
                return $"has the port '{port}', which is not a number";
            }

            if (port.Length > 0 && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535))
            {
                return $"has the port {port}, outside 1-65535";
            }
        }

        return "is not a valid URL (check the host name for spaces or stray characters)";
    }

    private static ConfigurationException Invalid(string shown, string problem) =>
        new(InvalidAddress, $"The Vault address '{shown}' {problem}.") { Target = shown };

    [GeneratedRegex(@"^(?<scheme>https?)(?<sep>:/?|//?|:/{3,}|:\\+|\\+)(?<rest>[^:/\\].*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MangledScheme();
}
