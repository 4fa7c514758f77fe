using System.Collections.Immutable;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// An AppRole role (auth/approle/role/:name) with its role-id and secret-ids (keyed by their
/// accessor). Durations are seconds; 0 means "not set" (the mount's or system default applies).
/// </summary>
internal sealed record AppRole(string Name, string RoleId)
{
    public bool BindSecretId { get; init; } = true;

    public int SecretIdNumUses { get; init; }

    public long SecretIdTtl { get; init; }

    public long TokenTtl { get; init; }

    public long TokenMaxTtl { get; init; }

    public long TokenExplicitMaxTtl { get; init; }

    public int TokenNumUses { get; init; }

    public bool TokenNoDefaultPolicy { get; init; }

    public ImmutableArray<string> TokenPolicies { get; init; } = [];

    public ImmutableDictionary<string, AppRoleSecretId> SecretIds { get; init; } = ImmutableDictionary<string, AppRoleSecretId>.Empty;
}
