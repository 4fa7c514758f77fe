using System.Collections.Immutable;

namespace VaultRunbook.Sandbox.Core;

/// <summary>The metadata of a KV v2 key and its kept versions (Vault's KeyMetadata).</summary>
internal sealed record KvSecret(
    long CurrentVersion,
    long OldestVersion,
    DateTime CreatedTime,
    DateTime UpdatedTime,
    int MaxVersions,
    bool CasRequired,
    long? DeleteVersionAfterSeconds,
    ImmutableDictionary<string, string>? CustomMetadata,
    ImmutableDictionary<long, KvVersion> Versions)
{
    public static KvSecret New(DateTime now) =>
        new(0, 0, now, now, 0, false, null, null, ImmutableDictionary<long, KvVersion>.Empty);
}
