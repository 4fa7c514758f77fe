namespace VaultRunbook.Engine.Resolution;

/// <summary>How one access was served, as the statistics count it.</summary>
public enum AccessOutcome
{
    /// <summary>Served from the environment as the rollout asked.</summary>
    Env,

    /// <summary>Served from Vault with a round trip (a cache miss).</summary>
    Vault,

    /// <summary>Served from the resolver's cache of Vault values.</summary>
    VaultCached,

    /// <summary>Vault was asked and failed; the environment served it. Also counts as an error.</summary>
    EnvFallback,

    /// <summary>Nothing could be served: the caller got an error.</summary>
    Failed,
}
