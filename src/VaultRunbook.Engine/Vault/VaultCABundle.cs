using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>
/// The CA bundle of -CACertificatePath or VAULT_CACERT, loaded and checked before anything is sent, so a bad
/// bundle is reported as itself and never looks like the server's fault. Missing, a directory, unreadable and
/// without a certificate each have their own error; a private key in the bundle gives a warning.
/// </summary>
public sealed record VaultCABundle(X509Certificate2Collection Certificates, IReadOnlyList<string> Warnings)
{
    public static VaultCABundle Load(string path)
    {
        const string IdPrefix = "VaultRunbook.Vault.CACertificate", What = "the CA certificate file";
        FileChecks.CheckReadable(path, IdPrefix, What);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            throw FileChecks.Unreadable(path, IdPrefix, What, ex);
        }

        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(text);
        }
        catch (CryptographicException ex)
        {
            throw Error("VaultRunbook.Vault.CACertificateInvalid", path,
                $"The CA certificate file '{path}' holds a PEM CERTIFICATE block that is not a valid certificate ({ex.Message.TrimEnd('.')}).", ex);
        }

        var holdsKey = text.Contains("PRIVATE KEY-----", StringComparison.Ordinal);
        if (certificates.Count == 0)
        {
            throw Error("VaultRunbook.Vault.CACertificateInvalid", path, holdsKey
                ? $"The CA certificate file '{path}' holds a private key and no certificate. Give the CA's certificate (-----BEGIN CERTIFICATE-----), never a key."
                : $"The CA certificate file '{path}' holds no PEM certificate (-----BEGIN CERTIFICATE-----).");
        }

        var warnings = holdsKey
            ? new[] { $"The CA certificate file '{path}' also holds a private key; a CA bundle needs certificates only. Keep the key out of it." }
            : Array.Empty<string>();
        return new VaultCABundle(certificates, warnings);
    }

    private static ConfigurationException Error(string id, string path, string message, Exception? inner = null) =>
        new(id, message, inner) { Target = path };
}
