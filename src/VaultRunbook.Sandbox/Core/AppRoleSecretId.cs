using System.Collections.Immutable;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// One secret-id of an AppRole role. <see cref="NumUses"/> counts the logins left (0: unlimited);
/// <see cref="ExpirationTime"/> is Unix seconds, 0 when it never expires.
/// </summary>
internal sealed record AppRoleSecretId(string Id, string Accessor, long CreationTime)
{
    public int NumUses { get; init; }

    public long Ttl { get; init; }

    public long ExpirationTime { get; init; }

    public long LastUpdatedTime { get; init; }

    public ImmutableDictionary<string, string> Metadata { get; init; } = ImmutableDictionary<string, string>.Empty;

    public bool IsLive(long now) => ExpirationTime == 0 || ExpirationTime > now;
}
