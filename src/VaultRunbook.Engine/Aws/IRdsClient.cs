namespace VaultRunbook.Engine.Aws;

/// <summary>
/// The RDS operations the storage runbook needs. <see cref="RdsQueryClient"/> speaks the Query API on AWSSDK.Core;
/// an AWSSDK.RDS-based implementation can replace it where that package is available.
/// </summary>
public interface IRdsClient : IDisposable
{
    /// <summary>DescribeDBSnapshots, every page (Marker), in the order RDS answers.</summary>
    Task<IReadOnlyList<VaultStorageSnapshot>> DescribeDBSnapshotsAsync(string? dbInstanceIdentifier, string? dbSnapshotIdentifier, CancellationToken cancellationToken);

    Task<VaultStorageSnapshot> CreateDBSnapshotAsync(string dbInstanceIdentifier, string dbSnapshotIdentifier, CancellationToken cancellationToken);

    Task<RdsInstance> DescribeDBInstanceAsync(string dbInstanceIdentifier, CancellationToken cancellationToken);

    /// <summary>RestoreDBInstanceToPointInTime: <paramref name="restoreTime"/> null means UseLatestRestorableTime.</summary>
    Task<RdsInstance> RestoreDBInstanceToPointInTimeAsync(string sourceDBInstanceIdentifier, string targetDBInstanceIdentifier, DateTimeOffset? restoreTime, CancellationToken cancellationToken);
}
