using System.Security.Cryptography;
using System.Text;

namespace VaultRunbook.Sandbox.Crypto;

/// <summary>
/// AES-256-GCM sealing of the sandbox's stored data: a version byte, a 12-byte nonce, the
/// ciphertext and a 16-byte tag. The purpose string is bound in as associated data, so a blob
/// cannot be swapped for another kind.
/// </summary>
internal static class BarrierCipher
{
    public const int KeySize = 32;
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> plaintext, string purpose)
    {
        var blob = new byte[1 + NonceSize + plaintext.Length + TagSize];
        blob[0] = FormatVersion;
        Span<byte> nonce = blob.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(
            nonce,
            plaintext,
            blob.AsSpan(1 + NonceSize, plaintext.Length),
            blob.AsSpan(1 + NonceSize + plaintext.Length, TagSize),
            Encoding.UTF8.GetBytes(purpose));
        return blob;
    }

    /// <summary>Returns null when the key is wrong (or of a wrong size) or the blob was altered.</summary>
    public static byte[]? TryDecrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> blob, string purpose)
    {
        if (key.Length != KeySize || blob.Length < 1 + NonceSize + TagSize || blob[0] != FormatVersion)
        {
            return null;
        }

        int length = blob.Length - 1 - NonceSize - TagSize;
        var plaintext = new byte[length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(
                blob.Slice(1, NonceSize),
                blob.Slice(1 + NonceSize, length),
                blob.Slice(1 + NonceSize + length, TagSize),
                plaintext,
                Encoding.UTF8.GetBytes(purpose));
            return plaintext;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
