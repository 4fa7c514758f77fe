namespace VaultRunbook.Engine.Resolution;

/// <summary>Where a resolved value was served from.</summary>
public enum SecretSource
{
    /// <summary>The process environment, as the rollout asked (env mode, the env share of a canary, shadow, kill switch).</summary>
    Env,

    /// <summary>Vault (or the resolver's cache of it).</summary>
    Vault,

    /// <summary>The environment, because Vault was asked and failed (dual mode, or vault mode with EmergencyFallback).</summary>
    EnvFallback,
}
