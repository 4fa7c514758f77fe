namespace VaultRunbook.Engine.Tokens;

/// <summary>An AppRole role: its settings and role-id (an identifier, not a secret; the secret-id is the secret).</summary>
public sealed record VaultAppRole
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    /// <summary>The AppRole mount ("approle").</summary>
    public required string Mount { get; init; }

    public required string RoleName { get; init; }

    public string? RoleId { get; init; }

    public IReadOnlyList<string> TokenPolicies { get; init; } = Array.Empty<string>();

    public TimeSpan TokenTtl { get; init; }

    public TimeSpan TokenMaxTtl { get; init; }

    public bool BindSecretId { get; init; }

    /// <summary>Logins each new secret-id allows; 0 is unlimited.</summary>
    public long SecretIdNumUses { get; init; }

    /// <summary>How long a new secret-id lives; zero is forever.</summary>
    public TimeSpan SecretIdTtl { get; init; }

    public override string ToString() => $"{Mount}/{RoleName}";
}
