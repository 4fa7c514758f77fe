namespace VaultRunbook.Engine.Aws;

/// <summary>An RDS DB snapshot of Vault's storage (DescribeDBSnapshots / CreateDBSnapshot's DBSnapshot).</summary>
public sealed record VaultStorageSnapshot
{
    public required string SnapshotIdentifier { get; init; }

    public required string DBInstanceIdentifier { get; init; }

    /// <summary>SnapshotCreateTime; null while RDS has not stamped it yet (creating).</summary>
    public DateTimeOffset? CreateTime { get; init; }

    /// <summary>creating, available, failed, deleting...</summary>
    public required string Status { get; init; }

    /// <summary>manual or automated.</summary>
    public required string Type { get; init; }

    /// <summary>AllocatedStorage, in GiB.</summary>
    public int Size { get; init; }

    public bool Encrypted { get; init; }

    public int PercentProgress { get; init; }

    public string? Engine { get; init; }

    public string? EngineVersion { get; init; }

    public string? SnapshotArn { get; init; }
}
