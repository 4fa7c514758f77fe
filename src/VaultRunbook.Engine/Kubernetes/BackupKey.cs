using System.Security.Cryptography;
using System.Text;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// The operator's AES-256 key for the Secrets of a namespace configuration backup: 32 bytes, given as base64 (what
/// <c>openssl rand -base64 32</c> prints) or 64 hex digits, from an owner-only key file or a SecureString. The key is
/// never shown: ToString is a mask, and every message names the file, never its content.
/// </summary>
public sealed class BackupKey : IDisposable
{
    public const string KeyRequired = "VaultRunbook.K8s.BackupKeyRequired";
    public const string KeyInvalid = "VaultRunbook.K8s.BackupKeyInvalid";
    public const string KeyFileNotOwnerOnly = "VaultRunbook.K8s.BackupKeyFileNotOwnerOnly";
    private const string KeyFilePrefix = "VaultRunbook.K8s.BackupKeyFile";

    private readonly byte[] _key;

    private BackupKey(byte[] key) => _key = key;

    internal ReadOnlySpan<byte> Bytes => _key;

    /// <summary>A short check value (HMAC of a constant), stored in the manifest so a wrong key is told from a tampered file.</summary>
    internal string CheckValue => Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(ConfigBackupFormat.Format + " key check")), 0, 8).ToLowerInvariant();

    /// <summary>Reads the key file: it must exist, be readable, and be owner-only (chmod 600), as the key of every Secret it opens.</summary>
    /// <exception cref="ConfigurationException">BackupKeyFileNotFound/IsDirectory/Unreadable, BackupKeyFileNotOwnerOnly, BackupKeyInvalid.</exception>
    public static BackupKey FromFile(string path)
    {
        var full = Path.GetFullPath(path);
        FileChecks.CheckReadable(full, KeyFilePrefix, "the backup key file");
        if (FilePermissions.IsReadableByOthers(full) || FilePermissions.IsWritableByGroup(full) || FilePermissions.IsWritableByOthers(full))
        {
            throw new ConfigurationException(KeyFileNotOwnerOnly, $"The backup key file '{full}' can be read or written by other users; restrict it with chmod 600 (and make a new key if it may have been copied).") { Target = full };
        }

        byte[] content;
        try
        {
            content = File.ReadAllBytes(full);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw FileChecks.Unreadable(full, KeyFilePrefix, "the backup key file", ex);
        }

        try
        {
            return content.Length == 32 ? new BackupKey(content) : Parse(Encoding.ASCII.GetString(content), $"the backup key file '{full}'", full);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>A key typed or passed as a SecureString: base64 or hex of 32 bytes.</summary>
    /// <exception cref="ConfigurationException">BackupKeyInvalid.</exception>
    public static BackupKey FromText(SensitiveString key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Parse(key.Reveal(), "the -Key value", null);
    }

    /// <summary>A new random key (tests and drills).</summary>
    public static BackupKey Random() => new(RandomNumberGenerator.GetBytes(32));

    private static BackupKey Parse(string text, string what, string? target)
    {
        var trimmed = text.Trim();
        byte[]? bytes = null;
        if (trimmed.Length == 64 && trimmed.All(Uri.IsHexDigit))
        {
            bytes = Convert.FromHexString(trimmed);
        }
        else
        {
            var buffer = new byte[trimmed.Length];
            if (Convert.TryFromBase64String(trimmed, buffer, out var written) && written == 32)
            {
                bytes = buffer[..32];
            }

            CryptographicOperations.ZeroMemory(buffer);
        }

        return bytes is not null
            ? new BackupKey(bytes)
            : throw new ConfigurationException(KeyInvalid, $"{char.ToUpperInvariant(what[0])}{what[1..]} is not an AES-256 key: give 32 random bytes as base64 or 64 hex digits (for example: openssl rand -base64 32 > backup.key; chmod 600 backup.key).") { Target = target };
    }

    public override string ToString() => "********";

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);
}
