namespace VaultRunbook.Engine.Signing;

/// <summary>
/// A transit key as GET transit/keys/:name describes it, with its exported public keys by version (PEM for ECDSA and
/// RSA). What Initialize-VaultTransit outputs; Test-VaultSignature uses the public keys when Vault is down.
/// </summary>
public sealed record TransitKey
{
    public required string Address { get; init; }

    public required string Mount { get; init; }

    public required string Name { get; init; }

    /// <summary>ecdsa-p256, ed25519, rsa-2048, aes256-gcm96, ...</summary>
    public required string Type { get; init; }

    public required int LatestVersion { get; init; }

    public required bool SupportsSigning { get; init; }

    /// <summary>Public keys by version (asymmetric keys only).</summary>
    public required IReadOnlyDictionary<int, string> PublicKeys { get; init; }

    /// <summary>Initialize-VaultTransit: whether it enabled the mount or created the key on this call.</summary>
    public bool MountCreated { get; init; }

    public bool KeyCreated { get; init; }

    public override string ToString() => $"{Mount}/keys/{Name} ({Type} v{LatestVersion})";
}
