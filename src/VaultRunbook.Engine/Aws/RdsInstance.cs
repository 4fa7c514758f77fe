namespace VaultRunbook.Engine.Aws;

/// <summary>An RDS DB instance as DescribeDBInstances / RestoreDBInstanceToPointInTime answer it.</summary>
public sealed record RdsInstance
{
    public required string DBInstanceIdentifier { get; init; }

    /// <summary>DBInstanceStatus: creating, available, ...</summary>
    public required string Status { get; init; }

    /// <summary>Endpoint.Address; null until RDS has one (creating).</summary>
    public string? EndpointAddress { get; init; }

    public int? Port { get; init; }

    public string? Engine { get; init; }

    public string? DBInstanceClass { get; init; }

    public DateTimeOffset? LatestRestorableTime { get; init; }

    public string? InstanceArn { get; init; }
}
