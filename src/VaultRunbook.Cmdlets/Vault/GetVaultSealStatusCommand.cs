using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Vault;

/// <summary>
/// <para type="synopsis">Reads the seal status of one or many Vault nodes (sys/seal-status), in parallel.</para>
/// <example><code>Get-VaultSealStatus -Address $nodes | Where-Object Sealed | Invoke-VaultUnseal -KeyFile ./unseal-keys.txt</code><para>Reads each node's seal status (threshold, progress, version) and unseals the sealed ones.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultSealStatus")]
[OutputType(EngineTypeNames.VaultSealStatus)]
public sealed class GetVaultSealStatusCommand : VaultCmdlet
{
    private readonly List<VaultConnectionSettings> _nodes = new();

    /// <summary>The nodes: URLs, or objects with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter[]? Address { get; set; }

    /// <summary>How many nodes to query at once, 1 to 256.</summary>
    [Parameter]
    public int ThrottleLimit { get; set; } = 32;

    protected override void BeginProcessing() => CheckThrottleLimit(ThrottleLimit);

    protected override void ProcessRecord()
    {
        foreach (var node in Address ?? new VaultNodeParameter?[] { null })
        {
            _nodes.Add(ResolveSettings(node?.Address));
        }
    }

    protected override void EndProcessing()
    {
        var results = RunForEach(_nodes, settings => settings, ThrottleLimit, "Reading Vault seal status", (client, _, ct) => client.GetSealStatusAsync(ct));

        foreach (var (status, error) in results)
        {
            if (status is not null)
            {
                WriteObject(status);
            }
            else if (error is not null)
            {
                WriteEngineError(error);
            }
        }
    }
}
