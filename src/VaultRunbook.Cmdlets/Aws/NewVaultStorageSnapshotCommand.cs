using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Aws;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Cmdlets.Aws;

/// <summary>
/// <para type="synopsis">Takes a manual RDS snapshot of Vault's storage (CreateDBSnapshot), before a risky operation.</para>
/// <para type="description">Creates a DB snapshot named vault-manual-yyyyMMdd (UTC) unless -DBSnapshotIdentifier names it; the name is checked against RDS's rules before anything is sent. With -Wait it polls until the snapshot is available, showing progress, and fails with VaultRunbook.Aws.WaitTimeout after -TimeoutSec. The action is recorded in the action journal (Get-VaultActionLog).</para>
/// <example><code>New-VaultStorageSnapshot -DBInstanceIdentifier vault-storage -Wait | Select-Object SnapshotIdentifier, Status, CreateTime</code><para>Takes today's manual snapshot of vault-storage and waits until RDS reports it available.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.New, "VaultStorageSnapshot", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(EngineTypeNames.VaultStorageSnapshot)]
public sealed class NewVaultStorageSnapshotCommand : RdsWaitingCmdlet
{
    public NewVaultStorageSnapshotCommand()
        : base(defaultTimeoutSec: 1800, defaultPollIntervalSec: 15)
    {
    }

    /// <summary>The RDS DB instance holding Vault's storage; binds from piped objects' DBInstanceIdentifier.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DBInstance")]
    public string DBInstanceIdentifier { get; set; } = string.Empty;

    /// <summary>The snapshot's name: letters, digits and hyphens, starting with a letter, no double or trailing hyphen.</summary>
    [Parameter(Position = 1)]
    [Alias("SnapshotIdentifier")]
    [PSDefaultValue(Help = "vault-manual-yyyyMMdd (today, UTC)")]
    public string? DBSnapshotIdentifier { get; set; }

    protected override void ProcessRecord()
    {
        var instance = CheckIdentifier(DBInstanceIdentifier, "DB instance identifier", RdsIdentifier.InstanceMaxLength);
        var name = CheckIdentifier(DBSnapshotIdentifier ?? RdsIdentifier.DefaultSnapshotName(DateTimeOffset.UtcNow), "snapshot identifier", RdsIdentifier.SnapshotMaxLength);
        var endpoint = AwsConnection.EndpointText(Settings, "rds");
        if (!ShouldProcess($"{instance} at {endpoint}", $"Create DB snapshot '{name}'"))
        {
            return;
        }

        var subject = $"snapshot {name} of {instance}";
        if (!TryStart("NewStorageSnapshot", endpoint, subject, instance, "Created", ct => Rds.CreateDBSnapshotAsync(instance, name, ct), out var snapshot))
        {
            return;
        }

        if (Wait.IsPresent)
        {
            if (!TryWait<VaultStorageSnapshot>($"Waiting for snapshot {name}", name, snapshot.Status, (waiter, timeout, show, ct) => waiter.SnapshotAvailableAsync(name, timeout, show, ct), s => ($"{s.Status} ({s.PercentProgress}%)", s.PercentProgress), out snapshot))
            {
                return;
            }

            RecordAction(ActionRecord.Now("NewStorageSnapshot", endpoint, "Available") with { Subject = subject });
        }

        WriteObject(snapshot);
    }
}
