using System.Security.Cryptography;
using System.Text.Json.Serialization;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// One version of a transit key, as stored behind the barrier: when it was made, the private key
/// material (base64: PKCS #8 for ECDSA and RSA, the 32-byte seed for ed25519, the raw key for
/// symmetric types) and, for asymmetric types, the public key as Vault shows it (PEM, or base64
/// for ed25519).
/// </summary>
internal sealed record TransitKeyVersion(DateTimeOffset CreationTime, string Material, string? PublicKey)
{
    // Parsing PKCS #8 costs more than an RSA signature's hashing: done once per version (the record never changes).
    private readonly Lazy<RSAParameters> _rsa = new(() => ParseRsa(Material));

    /// <summary>An RSA version's key (private parts included), parsed once.</summary>
    [JsonIgnore]
    public RSAParameters Rsa => _rsa.Value;

    private static RSAParameters ParseRsa(string material)
    {
        using RSA rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(material), out _);
        return rsa.ExportParameters(includePrivateParameters: true);
    }
}
