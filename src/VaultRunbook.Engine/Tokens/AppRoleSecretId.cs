using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Tokens;

/// <summary>A secret-id just generated: the secret held redacted, with the accessor that names it from then on.</summary>
public sealed record AppRoleSecretId
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    public required string Mount { get; init; }

    public required string RoleName { get; init; }

    public required string SecretIdAccessor { get; init; }

    public required SensitiveString SecretId { get; init; }

    public long NumUses { get; init; }

    public TimeSpan Ttl { get; init; }
}
