using System.Security.Cryptography;

namespace VaultRunbook.Engine.Signing;

/// <summary>
/// What is signed or verified: the data itself (bytes of a string or a file), or only its SHA-256 digest. A
/// signature always covers SHA-256 of the data, so both forms give the same signature check.
/// </summary>
public sealed record SigningInput
{
    private SigningInput(byte[]? data, byte[] digest)
    {
        Data = data;
        Digest = digest;
    }

    /// <summary>The data, or null when only the digest is known (Vault is then asked with prehashed=true).</summary>
    public byte[]? Data { get; }

    /// <summary>SHA-256 of the data (32 bytes).</summary>
    public byte[] Digest { get; }

    /// <summary>The digest as lowercase hex, as SignatureRecord.InputDigest shows it.</summary>
    public string DigestHex => Convert.ToHexString(Digest).ToLowerInvariant();

    public static SigningInput FromData(byte[] data) => new(data, SHA256.HashData(data));

    /// <summary>A SHA-256 digest computed elsewhere (32 bytes).</summary>
    /// <exception cref="SigningException">VaultRunbook.Signing.InvalidHash.</exception>
    public static SigningInput FromDigest(byte[] digest) =>
        digest.Length == 32
            ? new(null, digest.ToArray())
            : throw new SigningException("VaultRunbook.Signing.InvalidHash", Common.ErrorKind.InvalidArgument, $"A SHA-256 digest has 32 bytes, not {digest.Length}.", digest.Length);

    /// <summary>A SHA-256 digest as 64 hex digits (an optional "sha256:" prefix is accepted).</summary>
    /// <exception cref="SigningException">VaultRunbook.Signing.InvalidHash.</exception>
    public static SigningInput FromDigestHex(string hex)
    {
        var text = hex.Trim();
        text = text.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? text[7..] : text;
        try
        {
            return FromDigest(Convert.FromHexString(text));
        }
        catch (FormatException)
        {
            throw new SigningException("VaultRunbook.Signing.InvalidHash", Common.ErrorKind.InvalidArgument, "-Hash must be a SHA-256 digest: 64 hex digits (or 32 bytes).", null);
        }
    }
}
