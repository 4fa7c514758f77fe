namespace VaultRunbook.Engine.Cluster;

/// <summary>
/// One node's sys/leader answer: whether HA is on, whether this node leads, and the active node's address.
/// Address is the node that was asked (what the next step binds); LeaderAddress is the active node's api_addr.
/// </summary>
public sealed record VaultLeader
{
    public required string Address { get; init; }

    public bool HaEnabled { get; init; }

    /// <summary>The node is sealed: Vault answers sys/leader with 503 then (as `vault status` does, reported, not thrown).</summary>
    public bool Sealed { get; init; }

    public bool IsSelf { get; init; }

    /// <summary>When this node became active; null on a standby (Vault sends the zero time there).</summary>
    public DateTimeOffset? ActiveTime { get; init; }

    /// <summary>The active node's api_addr; null while no node leads (or without HA).</summary>
    public string? LeaderAddress { get; init; }

    public string? LeaderClusterAddress { get; init; }

    public bool PerformanceStandby { get; init; }

    public long? RaftCommittedIndex { get; init; }

    public long? RaftAppliedIndex { get; init; }

    /// <summary>active, standby, sealed, or disabled (no HA backend), as `vault status` names the HA mode.</summary>
    public string Mode => (HaEnabled, Sealed, IsSelf) switch
    {
        (false, _, _) => "disabled",
        (_, true, _) => "sealed",
        (_, _, true) => "active",
        _ => "standby",
    };
}
