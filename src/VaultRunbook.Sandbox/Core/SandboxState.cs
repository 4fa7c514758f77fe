using System.Collections.Immutable;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// Everything kept behind the barrier (encrypted under the barrier key). Immutable: a change makes
/// a new state. Members added after the first release are null in older state files; the core
/// fills them with <see cref="DefaultMounts"/> at unseal.
/// </summary>
internal sealed record SandboxState(
    string RootToken,
    string RootAccessor,
    long RootCreationTime,
    string ClusterName,
    string ClusterId)
{
    /// <summary>The secrets-engine mount table, keyed by path ("secret/"), with the KV data inside.</summary>
    public ImmutableDictionary<string, MountEntry>? Mounts { get; init; }

    /// <summary>Tokens made by auth/token/create, keyed by token id.</summary>
    public ImmutableDictionary<string, TokenEntry>? Tokens { get; init; }

    /// <summary>Enabled audit devices, keyed by path ("file/").</summary>
    public ImmutableDictionary<string, AuditDevice>? AuditDevices { get; init; }

    /// <summary>The accessor of the auth/token/ mount ("auth_token_" and 8 hex digits).</summary>
    public string? TokenMountAccessor { get; init; }

    /// <summary>True once the root token made at init was revoked (it then answers 403 like any revoked token).</summary>
    public bool RootRevoked { get; init; }

    /// <summary>Enabled auth methods other than auth/token/, keyed by their full path ("auth/approle/").</summary>
    public ImmutableDictionary<string, MountEntry>? AuthMounts { get; init; }

    /// <summary>The token mount's UUID.</summary>
    public string? TokenMountUuid { get; init; }
}
