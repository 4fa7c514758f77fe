using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Aws;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Cmdlets.Aws;

/// <summary>
/// <para type="synopsis">Lists the RDS snapshots of Vault's storage (DescribeDBSnapshots, every page), oldest first.</para>
/// <para type="description">Reads every page of DescribeDBSnapshots (Marker) for each DB instance and writes one object per snapshot (SnapshotIdentifier, CreateTime, Status, Type manual/automated, Size in GiB, Encrypted), sorted by creation time; snapshots still being created come last. AWS errors become error records with the AWS code (VaultRunbook.Aws.DBInstanceNotFound, VaultRunbook.Aws.Throttling...).</para>
/// <example><code>Get-VaultStorageSnapshot -DBInstanceIdentifier vault-storage | Where-Object Type -eq manual | Select-Object -Last 1</code><para>Shows the newest manual snapshot of the vault-storage instance.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultStorageSnapshot")]
[OutputType(EngineTypeNames.VaultStorageSnapshot)]
public sealed class GetVaultStorageSnapshotCommand : AwsCmdlet
{
    /// <summary>The RDS DB instance(s) holding Vault's storage; binds from piped objects' DBInstanceIdentifier.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("DBInstance", "SourceDBInstanceIdentifier")]
    public string[] DBInstanceIdentifier { get; set; } = [];

    /// <summary>Only snapshots of this type: manual or automated.</summary>
    [Parameter]
    [ValidateSet("manual", "automated")]
    public string? SnapshotType { get; set; }

    protected override void ProcessRecord()
    {
        foreach (var instance in DBInstanceIdentifier)
        {
            IReadOnlyList<VaultStorageSnapshot> snapshots;
            try
            {
                snapshots = Run(ct => Rds.DescribeDBSnapshotsAsync(instance, null, ct));
            }
            catch (EngineException ex)
            {
                WriteEngineError(ex, instance);
                continue;
            }

            foreach (var snapshot in snapshots
                .Where(s => SnapshotType is null || string.Equals(s.Type, SnapshotType, StringComparison.OrdinalIgnoreCase))
                .OrderBy(s => s.CreateTime ?? DateTimeOffset.MaxValue)
                .ThenBy(s => s.SnapshotIdentifier, StringComparer.Ordinal))
            {
                WriteObject(snapshot);
            }
        }
    }
}
