using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// <para type="synopsis">Reads a KV v2 secret's metadata: current and oldest version, limits, custom metadata, and its versions.</para>
/// <example><code>Invoke-SecretRotation -Path app/db -Generate pg_password | Get-VaultSecretMetadata | ForEach-Object Versions</code></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultSecretMetadata")]
[OutputType(EngineTypeNames.KvMetadata)]
public sealed class GetVaultSecretMetadataCommand : KvCmdlet
{
    /// <summary>The secret's path inside the mount.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    protected override void ProcessRecord()
    {
        var client = ClientFor(ResolveSettings(Address?.Address));
        foreach (var path in Path)
        {
            try
            {
                WriteObject(Run(ct => client.ReadMetadataAsync(Mount, path, ct)));
            }
            catch (EngineException ex)
            {
                WriteEngineError(ex);
            }
        }
    }
}
