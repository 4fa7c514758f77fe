using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.RootToken;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>
/// <para type="synopsis">Reads the root token generation attempt of one or many Vault nodes (GET sys/generate-root/attempt), in parallel.</para>
/// <para type="description">Shows whether an attempt runs, its nonce, the shares given (Progress) and needed
/// (Required), and the OTP length the node expects. Never shows an OTP.</para>
/// <example><code>Get-VaultRootTokenGeneration -Address $nodes | Where-Object Started | Stop-VaultRootTokenGeneration -Confirm:$false</code><para>Finds the nodes where a root token generation is running and cancels it there.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultRootTokenGeneration")]
[OutputType(typeof(VaultRootTokenGeneration))]
public sealed class GetVaultRootTokenGenerationCommand : VaultCmdlet
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
        var results = RunForEach(_nodes, settings => settings, ThrottleLimit, "Reading root token generation", (client, _, ct) => client.GetRootTokenGenerationAsync(ct));
        foreach (var (status, error) in results)
        {
            if (status is not null)
            {
                WriteObject(new VaultRootTokenGeneration(status, otp: null));
            }
            else if (error is not null)
            {
                WriteEngineError(error);
            }
        }
    }
}
