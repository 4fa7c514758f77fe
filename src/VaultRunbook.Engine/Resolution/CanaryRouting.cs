namespace VaultRunbook.Engine.Resolution;

/// <summary>How dual mode picks Vault or env for an access.</summary>
public enum CanaryRouting
{
    /// <summary>Each access draws afresh, so the measured vault hit rate matches the canary percentage.</summary>
    PerAccess,

    /// <summary>
    /// Each secret name always goes the same way at a given percentage: a stable hash of the name (the same in every
    /// process) against the percentage. Raising the percentage only moves names from env to Vault.
    /// </summary>
    Sticky,
}
