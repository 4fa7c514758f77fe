using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// <para type="synopsis">Deletes a secret as `vault kv delete` does (the latest version, or -Version ones, soft-deleted), or undeletes, destroys versions, or deletes the metadata and every version.</para>
/// <para type="description">-Undelete -Version brings soft-deleted versions back (`vault kv undelete`); -Destroy
/// -Version removes their data for good (`vault kv destroy`); -Metadata removes every version and the metadata for
/// good (`vault kv metadata delete`). On a KV v1 mount the secret is deleted; the version options need KV v2 and are
/// refused there. Deleting, destroying and restoring ask for confirmation (ConfirmImpact High). Paths take the CLI's
/// forms (secret/app/db, -Mount secret -Path app/db, secret/data/app/db); a Get-VaultSecret record binds by Mount and Path.</para>
/// <example><code>Get-VaultSecret -Path secret/app/old-db | Remove-VaultSecret -Destroy -Version 1, 2 -Confirm:$false</code><para>Destroys versions 1 and 2 of secret/app/old-db for good, without a prompt.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Remove, "VaultSecret", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = DeleteSet)]
[OutputType(typeof(void))]
public sealed class RemoveVaultSecretCommand : KvCmdlet
{
    private const string DeleteSet = "Delete";
    private const string UndeleteSet = "Undelete";
    private const string DestroySet = "Destroy";
    private const string MetadataSet = "Metadata";

    /// <summary>The secret's path: mount/path as in the CLI, or the path inside -Mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    /// <summary>The versions to delete (default the latest), undelete or destroy. KV v2 only.</summary>
    [Parameter(ParameterSetName = DeleteSet)]
    [Parameter(ParameterSetName = UndeleteSet, Mandatory = true)]
    [Parameter(ParameterSetName = DestroySet, Mandatory = true)]
    [ValidateRange(1, int.MaxValue)]
    public int[]? Version { get; set; }

    /// <summary>Bring the soft-deleted -Version versions back (`vault kv undelete`).</summary>
    [Parameter(ParameterSetName = UndeleteSet, Mandatory = true)]
    public SwitchParameter Undelete { get; set; }

    /// <summary>Remove the data of the -Version versions for good (`vault kv destroy`).</summary>
    [Parameter(ParameterSetName = DestroySet, Mandatory = true)]
    public SwitchParameter Destroy { get; set; }

    /// <summary>Remove every version and the metadata for good (`vault kv metadata delete`).</summary>
    [Parameter(ParameterSetName = MetadataSet, Mandatory = true)]
    public SwitchParameter Metadata { get; set; }

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var store = new KvSecretStore(ClientFor(settings));
        var removal = ParameterSetName switch
        {
            UndeleteSet => SecretRemoval.Undelete,
            DestroySet => SecretRemoval.Destroy,
            MetadataSet => SecretRemoval.Metadata,
            _ => SecretRemoval.Delete,
        };
        var versions = Version is { Length: > 0 } given ? string.Join(", ", given) : null;
        foreach (var path in Path)
        {
            if (Locate(settings, Mount, path) is not { } location)
            {
                continue;
            }

            var what = removal switch
            {
                SecretRemoval.Undelete => $"Undelete version(s) {versions}",
                SecretRemoval.Destroy => $"Destroy version(s) {versions} for good",
                SecretRemoval.Metadata => "Delete the metadata and every version for good",
                _ when !location.Versioned && versions is null => "Delete the secret (KV v1 keeps no versions)",
                _ => versions is null ? "Delete the latest version (it can be undeleted)" : $"Delete version(s) {versions} (they can be undeleted)",
            };
            if (!ShouldProcess($"{settings.AddressText} {location.Target}", what))
            {
                continue;
            }

            try
            {
                Run(ct => store.RemoveAsync(location, removal, Version, ct));
                WriteVerbose($"{what}: done for {location.Target}.");
            }
            catch (EngineException ex)
            {
                WriteEngineError(ex);
            }
        }
    }
}
