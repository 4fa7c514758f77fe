namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// One version of a transit key, as stored behind the barrier: when it was made, the private key
/// material (base64: PKCS #8 for ECDSA and RSA, the 32-byte seed for ed25519, the raw key for
/// symmetric types) and, for asymmetric types, the public key as Vault shows it (PEM, or base64
/// for ed25519).
/// </summary>
internal sealed record TransitKeyVersion(DateTimeOffset CreationTime, string Material, string? PublicKey);
