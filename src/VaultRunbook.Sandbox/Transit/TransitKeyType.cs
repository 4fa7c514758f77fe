using System.Security.Cryptography;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// What a transit key type can do (keysutil.KeyType's Supported methods) and how a version of it
/// is made. The sandbox serves the symmetric AEAD types (created and listed; no encrypt endpoint)
/// and the signing types ecdsa-p256/p384/p521, ed25519 and rsa-2048/3072/4096.
/// </summary>
internal static class TransitKeyType
{
    public const string Default = "aes256-gcm96";

    /// <summary>Types Vault knows that the sandbox does not serve (hmac needs key_size, the rest are managed or Enterprise).</summary>
    public static readonly IReadOnlySet<string> Unserved = new HashSet<string>(StringComparer.Ordinal)
    {
        "hmac", "managed_key", "aes128-cmac", "aes256-cmac", "ml-dsa", "hybrid",
    };

    private static readonly IReadOnlySet<string> Symmetric = new HashSet<string>(StringComparer.Ordinal)
    {
        "aes128-gcm96", "aes256-gcm96", "chacha20-poly1305",
    };

    public static bool IsServed(string type) => Symmetric.Contains(type) || IsEcdsa(type) || IsRsa(type) || type == "ed25519";

    public static bool IsEcdsa(string type) => type is "ecdsa-p256" or "ecdsa-p384" or "ecdsa-p521";

    public static bool IsRsa(string type) => type is "rsa-2048" or "rsa-3072" or "rsa-4096";

    public static bool SupportsSigning(string type) => IsEcdsa(type) || IsRsa(type) || type == "ed25519";

    public static bool SupportsEncryption(string type) => Symmetric.Contains(type) || IsRsa(type);

    public static bool SupportsDerivation(string type) => Symmetric.Contains(type) || type == "ed25519";

    /// <summary>Whether sign and verify hash the input first (HashSignatureInput): ECDSA and RSA, not ed25519.</summary>
    public static bool HashesInput(string type) => IsEcdsa(type) || IsRsa(type);

    /// <summary>The name each version shows in GET keys/:name ("P-256", "ed25519", "rsa-2048"); null for symmetric types.</summary>
    public static string? VersionName(string type) => type switch
    {
        "ecdsa-p256" => "P-256",
        "ecdsa-p384" => "P-384",
        "ecdsa-p521" => "P-521",
        "ed25519" or "rsa-2048" or "rsa-3072" or "rsa-4096" => type,
        _ => null,
    };

    /// <summary>ECDSA's curve and its size in bytes (the JWS r||s half length).</summary>
    public static (ECCurve Curve, int Bytes) Curve(string type) => type switch
    {
        "ecdsa-p384" => (ECCurve.NamedCurves.nistP384, 48),
        "ecdsa-p521" => (ECCurve.NamedCurves.nistP521, 66),
        _ => (ECCurve.NamedCurves.nistP256, 32),
    };

    /// <summary>A fresh version of a key of <paramref name="type"/> (a served type).</summary>
    public static TransitKeyVersion NewVersion(string type)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        if (IsEcdsa(type))
        {
            using ECDsa ecdsa = ECDsa.Create(Curve(type).Curve);
            return new TransitKeyVersion(now, Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey()), Pem(ecdsa.ExportSubjectPublicKeyInfo()));
        }

        if (IsRsa(type))
        {
            using RSA rsa = RSA.Create(int.Parse(type["rsa-".Length..], System.Globalization.CultureInfo.InvariantCulture));
            return new TransitKeyVersion(now, Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()), Pem(rsa.ExportSubjectPublicKeyInfo()));
        }

        if (type == "ed25519")
        {
            byte[] seed = RandomNumberGenerator.GetBytes(Ed25519.SeedSize);
            return new TransitKeyVersion(now, Convert.ToBase64String(seed), Convert.ToBase64String(Ed25519.PublicKey(seed)));
        }

        return new TransitKeyVersion(now, Convert.ToBase64String(RandomNumberGenerator.GetBytes(type == "aes128-gcm96" ? 16 : 32)), null);
    }

    /// <summary>Go's pem.EncodeToMemory of a "PUBLIC KEY" block: 64-character lines and a final newline.</summary>
    private static string Pem(byte[] spki) => new string(PemEncoding.Write("PUBLIC KEY", spki)) + "\n";
}
