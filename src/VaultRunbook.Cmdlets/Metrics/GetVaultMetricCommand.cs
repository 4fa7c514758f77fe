using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Metrics;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Metrics;

/// <summary>
/// <para type="synopsis">Reads Vault's Prometheus metrics (sys/metrics?format=prometheus) as objects, from one or many nodes in parallel.</para>
/// <para type="description">Each sample is an object with Name, Labels (a hashtable), Value (a double; NaN and
/// infinities kept), Type and Help (from the family's TYPE and HELP lines), Family, and Node. A summary's or
/// histogram's _sum, _count and _bucket samples belong to its family, and -Name matches either the sample's name or
/// its family, with wildcards. Vault needs a token with read on sys/metrics unless the listener has
/// unauthenticated_metrics_access. Lines that do not parse are skipped, with one warning per node.</para>
/// <example><code>Get-VaultMetric -Address $nodes -Name vault_core_unsealed | Where-Object Value -ne 1 | Select-Object Node, Labels</code><para>Lists the nodes that report themselves sealed.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "VaultMetric")]
[OutputType(EngineTypeNames.VaultMetric)]
public sealed class GetVaultMetricCommand : VaultCmdlet
{
    private readonly List<VaultConnectionSettings> _nodes = new();
    private WildcardPattern[]? _patterns;

    /// <summary>The nodes: URLs, or objects with an Address property. Defaults to VAULT_ADDR.</summary>
    [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter[]? Address { get; set; }

    /// <summary>Metric names or families to keep, with wildcards (vault_core_*). All by default.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    /// <summary>How many nodes to query at once, 1 to 256.</summary>
    [Parameter]
    public int ThrottleLimit { get; set; } = 32;

    protected override void BeginProcessing()
    {
        CheckThrottleLimit(ThrottleLimit);
        _patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
    }

    protected override void ProcessRecord()
    {
        foreach (var node in Address ?? new VaultNodeParameter?[] { null })
        {
            _nodes.Add(ResolveSettings(node?.Address));
        }
    }

    protected override void EndProcessing()
    {
        var results = RunForEach(_nodes, settings => settings, ThrottleLimit, "Reading Vault metrics", (client, _, ct) => client.GetMetricsAsync(ct));
        foreach (var (exposition, error) in results)
        {
            if (error is not null)
            {
                WriteEngineError(error);
                continue;
            }

            if (exposition!.Malformed is [var first, ..] malformed)
            {
                var node = exposition.Metrics.FirstOrDefault()?.Node ?? "the node";
                WriteWarning($"Skipped {malformed.Count} malformed line(s) in the metrics of {node}; the first, line {first.LineNumber}: {first.Reason} ('{first.Excerpt}').");
            }

            foreach (var metric in exposition.Metrics)
            {
                if (_patterns is null || _patterns.Any(p => p.IsMatch(metric.Name) || p.IsMatch(metric.Family)))
                {
                    WriteObject(metric);
                }
            }
        }
    }
}
