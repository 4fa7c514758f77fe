namespace VaultRunbook.Engine.Signing;

/// <summary>What New-FallbackSigningKey and Update-FallbackSigningKey report about the key file: never the private key.</summary>
public sealed record FallbackKeyInfo
{
    public required string KeyPath { get; init; }

    public required string KeyId { get; init; }

    public required int Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The current public key, PEM (what openssl -verify takes).</summary>
    public required string PublicKey { get; init; }

    /// <summary>The versions kept for verification only.</summary>
    public required IReadOnlyList<int> PreviousVersions { get; init; }

    public override string ToString() => $"{KeyId} v{Version} ({KeyPath})";
}
