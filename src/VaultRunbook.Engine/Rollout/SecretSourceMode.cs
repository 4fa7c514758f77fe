namespace VaultRunbook.Engine.Rollout;

/// <summary>Where an application's secrets come from during the move from environment variables to Vault.</summary>
public enum SecretSourceMode
{
    /// <summary>Environment variables only.</summary>
    Env,

    /// <summary>Vault only; a missing secret is an error unless EmergencyFallback is set.</summary>
    Vault,

    /// <summary>CanaryPercent of accesses from Vault, the rest from env; a Vault failure falls back to env.</summary>
    Dual,

    /// <summary>Always serve env; also read Vault and count matches and mismatches, never serving the Vault value.</summary>
    Shadow,
}
