using System.Management.Automation;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// A cmdlet that asks one or many nodes the same read-only question in parallel: the nodes come from -Address or the
/// pipeline, at most -ThrottleLimit at once; each answer is written as it comes back, and a node that fails is an
/// error of its own while the others go on. (Not generic on purpose: a base type argument from the Engine would load
/// the Engine when PowerShell scans the cmdlets, before the module's load context is registered.)
/// </summary>
public abstract class NodeQueryCmdlet : VaultCmdlet
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

    /// <summary>What the progress bar says while the nodes answer.</summary>
    protected abstract string Activity { get; }

    /// <summary>The question, asked of one node.</summary>
    protected abstract Task<object> QueryAsync(IVaultClient client, CancellationToken cancellationToken);

    /// <summary>Writes one node's answer (as it is, unless the cmdlet wraps it).</summary>
    protected virtual void WriteAnswer(object answer) => WriteObject(answer);

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
        foreach (var (answer, error) in RunForEach(_nodes, settings => settings, ThrottleLimit, Activity, (client, _, ct) => QueryAsync(client, ct)))
        {
            if (answer is not null)
            {
                WriteAnswer(answer);
            }
            else if (error is not null)
            {
                WriteEngineError(error);
            }
        }
    }
}
