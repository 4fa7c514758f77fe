using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>Parses and checks a Vault node address the way the Vault CLI expects VAULT_ADDR.</summary>
public static class VaultAddress
{
    /// <summary>The Vault CLI's default when VAULT_ADDR is unset.</summary>
    public const string Default = "https://127.0.0.1:8200";

    public static Uri Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            throw new ConfigurationException("VaultRunbook.Vault.InvalidAddress", "The Vault address is empty.");
        }

        if (!trimmed.Contains("://", StringComparison.Ordinal))
        {
            throw new ConfigurationException(
                "VaultRunbook.Vault.InvalidAddress",
                $"The Vault address '{trimmed}' has no scheme. Use a full URL such as https://{trimmed}.") { Target = trimmed };
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new ConfigurationException(
                "VaultRunbook.Vault.InvalidAddress",
                $"The Vault address '{trimmed}' is not an http:// or https:// URL.") { Target = trimmed };
        }

        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ConfigurationException(
                "VaultRunbook.Vault.InvalidAddress",
                $"The Vault address for {uri.Scheme}://{uri.Host}:{uri.Port} must not carry credentials, a query or a fragment.") { Target = $"{uri.Scheme}://{uri.Host}:{uri.Port}" };
        }

        return uri;
    }

    /// <summary>The canonical text of an address: scheme, host, port and path without a trailing slash.</summary>
    public static string Format(Uri address) => address.GetLeftPart(UriPartial.Path).TrimEnd('/');
}
