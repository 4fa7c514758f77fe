namespace VaultRunbook.Engine.Tokens;

/// <summary>
/// One revocation Revoke-VaultToken made: which token (by accessor, never by value), how, when, and whether Vault
/// still knew it. A prefix revocation names the prefix instead of an accessor.
/// </summary>
public sealed record TokenRevocation
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The revoked token's accessor; null for a prefix revocation, or a token Vault no longer knew.</summary>
    public string? Accessor { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>Token, Orphan (children kept), Accessor, Prefix or Self.</summary>
    public required TokenRevocationMode Mode { get; init; }

    /// <summary>For a prefix revocation: the auth path whose tokens were revoked.</summary>
    public string? Prefix { get; init; }

    /// <summary>False when Vault no longer knew the token (already revoked or expired): revocation is idempotent.</summary>
    public bool Existed { get; init; } = true;

    public required DateTimeOffset RevokedAt { get; init; }

    public override string ToString() => Prefix is not null ? $"{Mode} {Prefix}" : $"{Mode} {DisplayName} ({Accessor})";
}
