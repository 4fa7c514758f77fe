using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// <para type="synopsis">Rolls a KV v2 secret back (the CLI's `kv rollback`): an old version's data written again as a new version.</para>
/// <para type="description">By default the version before the current one. It reads the current version to use as
/// check-and-set and refuses a deleted or destroyed version. A SecretRotation piped in undoes that rotation, and
/// is refused if the secret changed after it. A write whose answer is lost is checked in Vault before it is
/// reported, so running it again never rolls back twice.</para>
/// <example><code>$rotation = Invoke-SecretRotation -Path app/db -Generate pg_password; if (-not $healthy) { $rotation | Undo-SecretRotation }</code><para>Rotates a password and, if the service is not healthy with it, writes the previous version's data back as a new version.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Undo, "SecretRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(EngineTypeNames.SecretRotation)]
public sealed class UndoSecretRotationCommand : KvCmdlet
{
    /// <summary>The secret's path: mount/path as in the CLI, or the path inside -Mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The version to restore; default the one before the current. Bound from a SecretRotation's PreviousVersion.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("PreviousVersion")]
    [ValidateRange(1, int.MaxValue)]
    public int? ToVersion { get; set; }

    /// <summary>Refuse unless this is still the current version (bound from a SecretRotation's NewVersion).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("NewVersion")]
    [ValidateRange(1, int.MaxValue)]
    public int? IfCurrentVersion { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        if (Locate(settings, Mount, Path) is not { } location)
        {
            return;
        }

        var what = ToVersion is { } v ? $"Write version {v}'s data as a new version" : "Write the previous version's data as a new version";
        if (!ShouldProcess($"{settings.AddressText} {location.Target}", what))
        {
            return;
        }

        try
        {
            var rotation = Run(ct => new SecretRotator(ClientFor(settings)).RollbackAsync(location, ToVersion, IfCurrentVersion, ct));
            if (!rotation.Verified)
            {
                WriteWarning($"{location.Target}: Vault accepted version {rotation.NewVersion}, but its metadata could not be re-read to confirm it is current.");
            }

            WriteVerbose($"Rolled {location.Target} back to version {rotation.RestoredFromVersion}'s data as version {rotation.NewVersion}{(rotation.Reconciled ? " (the answer was lost; confirmed by re-reading Vault)" : string.Empty)}.");
            WriteObject(rotation);
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex);
        }
    }
}
