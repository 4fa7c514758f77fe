namespace VaultRunbook.Engine.Cluster;

/// <summary>
/// One node of sys/ha-status. Address is the node's api_address, so the record pipes into the per-node cmdlets
/// (Get-VaultHealth, Get-VaultSealStatus); QueriedAddress is the node that was asked.
/// </summary>
public sealed record VaultHaNode
{
    public required string Address { get; init; }

    public required string QueriedAddress { get; init; }

    public string? Hostname { get; init; }

    public string? ClusterAddress { get; init; }

    public bool ActiveNode { get; init; }

    /// <summary>The standby's last heartbeat to the active node; null for the active node itself.</summary>
    public DateTimeOffset? LastEcho { get; init; }

    public string? Version { get; init; }

    public string? UpgradeVersion { get; init; }

    public string? RedundancyZone { get; init; }

    public long? EchoDurationMs { get; init; }

    public long? ClockSkewMs { get; init; }

    public long? ReplicationPrimaryCanaryAgeMs { get; init; }
}
