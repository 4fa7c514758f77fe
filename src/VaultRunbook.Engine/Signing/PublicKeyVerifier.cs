using System.Security.Cryptography;

namespace VaultRunbook.Engine.Signing;

/// <summary>Checks an ASN.1 DER ECDSA signature over a SHA-256 digest with a PEM public key (transit's export or the fallback file's).</summary>
public static class PublicKeyVerifier
{
    /// <summary>True when the signature is valid; false when it is not, or is not DER at all.</summary>
    /// <exception cref="SigningException">VaultRunbook.Signing.UnsupportedKey: the PEM is not an ECDSA public key.</exception>
    public static bool Verify(string publicKeyPem, byte[] digest, byte[] der)
    {
        using var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(publicKeyPem);
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            throw new SigningException("VaultRunbook.Signing.UnsupportedKey", Common.ErrorKind.InvalidData, "The public key is not an ECDSA public key in PEM form; only ECDSA (ecdsa-p256/p384/p521) signatures are checked locally.", null, ex);
        }

        try
        {
            return key.VerifyHash(digest, der, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
