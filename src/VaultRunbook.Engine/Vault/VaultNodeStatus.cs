namespace VaultRunbook.Engine.Vault;

/// <summary>What a node is, as sys/health tells it. Standby and Sealed are states to report, not errors.</summary>
public enum VaultNodeStatus
{
    Active,
    Standby,
    PerformanceStandby,
    DrSecondary,
    Sealed,
    NotInitialized,
    Unreachable,
    /// <summary>A standby that has lost its heartbeat to the active node (429/474 with ha_connection_healthy false).</summary>
    HaUnhealthy,
    /// <summary>A node removed from the Raft cluster (Vault 1.19+, code 530).</summary>
    RemovedFromCluster,
}
