namespace VaultRunbook.Engine.Vault;

/// <summary>One node's health. Address (+ Namespace) is what the next pipeline step binds.</summary>
public sealed record VaultHealth
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    public required VaultNodeStatus Status { get; init; }

    /// <summary>The HTTP status sys/health answered with; null when the node was unreachable.</summary>
    public int? StatusCode { get; init; }

    public bool? Initialized { get; init; }

    public bool? Sealed { get; init; }

    public bool? Standby { get; init; }

    public bool? PerformanceStandby { get; init; }

    public string? ReplicationPerformanceMode { get; init; }

    public string? ReplicationDrMode { get; init; }

    public string? Version { get; init; }

    public bool? Enterprise { get; init; }

    public string? ClusterName { get; init; }

    public string? ClusterId { get; init; }

    public DateTimeOffset? ServerTimeUtc { get; init; }

    public bool? HaConnectionHealthy { get; init; }

    public bool? RemovedFromCluster { get; init; }

    public long? ClockSkewMs { get; init; }

    public TimeSpan Latency { get; init; }

    /// <summary>Why the node is unreachable; null otherwise.</summary>
    public string? Reason { get; init; }

    /// <summary>Active, or a standby that serves (standby and performance standby): the node is doing its job.</summary>
    public bool IsHealthy => Status is VaultNodeStatus.Active or VaultNodeStatus.Standby or VaultNodeStatus.PerformanceStandby;
}
