using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Aws;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Cmdlets.Aws;

/// <summary>
/// <para type="synopsis">Restores Vault's RDS storage to a point in time, as a new DB instance, and says how to point Vault at it.</para>
/// <para type="description">Calls RestoreDBInstanceToPointInTime with -RestoreTime or -UseLatestRestorableTime; the source instance is untouched. With -Wait it polls until the new instance is available and has an endpoint. The output carries the new endpoint and the exact change Vault's storage "postgresql" stanza needs (the connection_url host), with credentials left as placeholders. The action is recorded in the action journal.</para>
/// <example><code>Restore-VaultStorageToPointInTime -SourceDBInstanceIdentifier vault-storage -TargetDBInstanceIdentifier vault-storage-pitr -RestoreTime '2026-12-05T09:40:00Z' -Wait | Select-Object -ExpandProperty StorageStanzaChange</code><para>Restores the storage as it was at 09:40 UTC to a new instance, waits for it, and prints the connection_url host change to make in Vault's configuration.</para></example>
/// </summary>
[Cmdlet(VerbsData.Restore, "VaultStorageToPointInTime", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = TimeSet)]
[OutputType(EngineTypeNames.StorageRestore)]
public sealed class RestoreVaultStorageToPointInTimeCommand : RdsWaitingCmdlet
{
    public RestoreVaultStorageToPointInTimeCommand()
        : base(defaultTimeoutSec: 3600, defaultPollIntervalSec: 30)
    {
    }

    private const string TimeSet = "RestoreTime";
    private const string LatestSet = "Latest";

    /// <summary>The DB instance holding Vault's storage today; binds from piped objects' DBInstanceIdentifier.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DBInstanceIdentifier")]
    public string SourceDBInstanceIdentifier { get; set; } = string.Empty;

    /// <summary>The new DB instance to create (RDS's naming rules; it must not exist yet).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public string TargetDBInstanceIdentifier { get; set; } = string.Empty;

    /// <summary>The moment to restore to (a time with an offset, or UTC); it must lie in the source's restorable window.</summary>
    [Parameter(Mandatory = true, ParameterSetName = TimeSet)]
    public DateTimeOffset RestoreTime { get; set; }

    /// <summary>Restore to the latest restorable time instead of -RestoreTime.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LatestSet)]
    public SwitchParameter UseLatestRestorableTime { get; set; }

    protected override void ProcessRecord()
    {
        var source = CheckIdentifier(SourceDBInstanceIdentifier, "DB instance identifier", RdsIdentifier.InstanceMaxLength);
        var target = CheckIdentifier(TargetDBInstanceIdentifier, "DB instance identifier", RdsIdentifier.InstanceMaxLength);
        DateTimeOffset? at = UseLatestRestorableTime.IsPresent ? null : RestoreTime.ToUniversalTime();
        var endpoint = AwsConnection.EndpointText(Settings, "rds");
        var when = at is { } time ? $"{time:u}" : "the latest restorable time";
        if (!ShouldProcess($"{source} at {endpoint}", $"Restore to {when} as the new DB instance '{target}'"))
        {
            return;
        }

        var subject = $"{source} to {when} as {target}";
        RdsInstance? original = null;
        if (!TryStart(
            "RestoreStorageToPointInTime",
            endpoint,
            subject,
            source,
            "Started",
            async ct =>
            {
                original = await Rds.DescribeDBInstanceAsync(source, ct).ConfigureAwait(false);
                return await Rds.RestoreDBInstanceToPointInTimeAsync(source, target, at, ct).ConfigureAwait(false);
            },
            out var restored))
        {
            return;
        }

        if (Wait.IsPresent)
        {
            if (!TryWait<RdsInstance>($"Waiting for DB instance {target}", target, restored.Status, (waiter, timeout, show, ct) => waiter.InstanceAvailableAsync(target, timeout, show, ct), i => (i.Status, i.Status == "available" ? 100 : 50), out restored))
            {
                return;
            }

            RecordAction(ActionRecord.Now("RestoreStorageToPointInTime", endpoint, "Available") with { Subject = $"{subject} at {restored.EndpointAddress}" });
        }

        WriteObject(StorageRestore.From(original!, restored, at));
    }
}
