using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// <para type="synopsis">Reads a KV v2 secret's metadata: current and oldest version, limits, custom metadata, and its versions.</para>
/// <para type="description">The path takes the Vault CLI's forms (secret/app/db, -Mount secret -Path app/db,
/// secret/metadata/app/db). A KV v1 mount keeps no metadata: VaultRunbook.Secret.NotVersioned.</para>
/// <example><code>Invoke-SecretRotation -Path app/db -Generate pg_password | Get-VaultSecretMetadata | ForEach-Object Versions</code><para>Rotates a field, then lists the versions Vault keeps for that secret: the rotation's Mount and Path bind by name.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultSecretMetadata")]
[OutputType(EngineTypeNames.KvMetadata)]
public sealed class GetVaultSecretMetadataCommand : KvCmdlet
{
    /// <summary>The secret's path: mount/path as in the CLI, or the path inside -Mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        var settings = ResolveSettings(Address?.Address);
        var store = new KvSecretStore(ClientFor(settings));
        foreach (var path in Path)
        {
            if (Locate(settings, Mount, path) is not { } location)
            {
                continue;
            }

            try
            {
                WriteObject(Run(ct => store.ReadMetadataAsync(location, ct)));
            }
            catch (EngineException ex)
            {
                WriteEngineError(ex);
            }
        }
    }
}
