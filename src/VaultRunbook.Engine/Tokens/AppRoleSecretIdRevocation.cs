namespace VaultRunbook.Engine.Tokens;

/// <summary>A destroyed AppRole secret-id, named by its accessor (never the secret-id).</summary>
public sealed record AppRoleSecretIdRevocation
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    public required string Mount { get; init; }

    public required string RoleName { get; init; }

    public required string SecretIdAccessor { get; init; }

    public required DateTimeOffset RevokedAt { get; init; }

    public override string ToString() => $"secret-id {SecretIdAccessor} of {Mount}/{RoleName}";
}
