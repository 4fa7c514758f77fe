using System.Net.Http.Headers;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>
/// The one door every header value passes through on its way to Vault. A value with a control character (CR or
/// LF above all) could end the header and start another one, so it is refused with the header's own error id and
/// never sent. Error messages name the header, never the value (a token must not reach a record).
/// </summary>
public static class VaultHeaders
{
    public const string Token = "X-Vault-Token";
    public const string Namespace = "X-Vault-Namespace";

    /// <summary>Throws the header's error when <paramref name="value"/> cannot be sent as it is.</summary>
    public static void Check(string name, string value, string source)
    {
        if (Problem(value) is { } problem)
        {
            throw new ConfigurationException(ErrorIdFor(name), $"The {Describe(name)} from {source} {problem}; it was not sent.");
        }
    }

    /// <summary>Adds a header after <see cref="Check"/>; the only way the client sets a header of its own.</summary>
    public static void Add(HttpRequestHeaders headers, string name, string value, string source)
    {
        Check(name, value, source);
        headers.TryAddWithoutValidation(name, value);
    }

    /// <summary>Null when the value is sendable, else why not, without the value itself.</summary>
    public static string? Problem(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c))
            {
                var what = c switch
                {
                    '\r' => "a carriage return (CR)",
                    '\n' => "a line feed (LF)",
                    '\t' => "a tab",
                    _ => $"the control character U+{(int)c:X4}",
                };
                return $"contains {what} at position {i + 1}";
            }

            if (c > '\u007e')
            {
                return $"contains a non-ASCII character at position {i + 1}"; // not named: it is part of a secret
            }
        }

        return null;
    }

    private static string ErrorIdFor(string name) => name switch
    {
        Token => "VaultRunbook.Vault.InvalidToken",
        Namespace => "VaultRunbook.Vault.InvalidNamespace",
        _ => "VaultRunbook.Vault.InvalidHeader",
    };

    private static string Describe(string name) => name switch
    {
        Token => "token",
        Namespace => "namespace",
        _ => $"{name} header value",
    };
}
