namespace VaultRunbook.Engine.Resolution;

/// <summary>Where a name would be served from under the current rollout (what -WhatIf shows).</summary>
public enum PlannedSource
{
    /// <summary>The environment (env mode, the kill switch, or the env share of a sticky canary).</summary>
    Env,

    /// <summary>Vault only; a failure is an error.</summary>
    Vault,

    /// <summary>Vault, and the environment if Vault fails (dual mode, or vault mode with EmergencyFallback).</summary>
    VaultWithEnvFallback,

    /// <summary>Per-access canary: Vault (with env fallback) for CanaryPercent of accesses, the environment otherwise.</summary>
    Canary,

    /// <summary>The environment, compared with Vault in the shadow (the Vault value is never served).</summary>
    EnvShadowedByVault,

    /// <summary>The rollout needs Vault but the secret map has no entry for the name.</summary>
    NotMapped,
}
