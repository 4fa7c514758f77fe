using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// <para type="synopsis">Rolls a KV v2 secret back (the CLI's `kv rollback`): an old version's data written again as a new version.</para>
/// <para type="description">By default the version before the current one. It reads the current version to use as
/// check-and-set and refuses a deleted or destroyed version. A SecretRotation piped in undoes that rotation, and
/// is refused if the secret changed after it.</para>
/// <example><code>$rotation = Invoke-SecretRotation -Path app/db -Generate pg_password; if (-not $healthy) { $rotation | Undo-SecretRotation }</code></example>
/// </summary>
[Cmdlet(VerbsCommon.Undo, "SecretRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(EngineTypeNames.SecretRotation)]
public sealed class UndoSecretRotationCommand : KvCmdlet
{
    /// <summary>The secret's path inside the mount.</summary>
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
        var target = $"{Mount.Trim('/')}/{Path.Trim('/')}";
        var what = ToVersion is { } v ? $"Write version {v}'s data as a new version" : "Write the previous version's data as a new version";
        if (!ShouldProcess($"{settings.AddressText} {target}", what))
        {
            return;
        }

        try
        {
            var rotation = Run(ct => new SecretRotator(ClientFor(settings)).RollbackAsync(Mount, Path, ToVersion, IfCurrentVersion, ct));
            WriteVerbose($"Rolled {target} back to version {rotation.RestoredFromVersion}'s data as version {rotation.NewVersion}.");
            WriteObject(rotation);
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex);
        }
    }
}
