using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Sets the stable/canary route weights of an Istio VirtualService (the runbook's 90/10 -> 50/50 step).</para>
/// <para type="description">Reads the VirtualService (networking.istio.io v1, else v1beta1) through the custom-objects API and
/// gives every http route that splits traffic between -StableSubset and -CanarySubset the weights 100 - CanaryPercent
/// and CanaryPercent, with one JSON patch that first tests the weights it read (a change made meanwhile is refused,
/// not overwritten). A route that names one of the subsets but does not have exactly those two destinations is
/// refused (VaultRunbook.K8s.CanaryRoutesMismatch) and nothing changes. -WhatIf shows the weights that would change,
/// from and to. Every change is recorded in the action journal (Get-VaultActionLog).</para>
/// <example><code>Get-K8sWorkloadHealth -Namespace app -Assert | ForEach-Object { Set-K8sCanaryWeight -Namespace app -Name api -CanaryPercent 50 }</code><para>Moves the api canary from 10% to 50% of the traffic only when the app namespace is healthy.</para></example>
/// <example><code>Set-K8sCanaryWeight -Namespace app -Name api -CanaryPercent 0 -WhatIf</code><para>Shows the weights a canary rollback would set (stable 100, canary 0) without changing them.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Set, "K8sCanaryWeight", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.K8sCanaryWeight)]
public sealed class SetK8sCanaryWeightCommand : KubeCmdlet
{
    /// <summary>The VirtualService's namespace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "the kubeconfig context's namespace, else default")]
    public string? Namespace { get; set; }

    /// <summary>The VirtualService's name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>The share of traffic, 0 to 100, for the canary subset; the stable subset gets the rest.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(0, 100)]
    public int CanaryPercent { get; set; }

    /// <summary>The stable destination's subset.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string StableSubset { get; set; } = "stable";

    /// <summary>The canary destination's subset.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string CanarySubset { get; set; } = "canary";

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrDefault(Namespace);
        var what = $"virtualservice {ns}/{Name}";
        try
        {
            var (plan, patch) = Run(ct => CanaryWeightService.PlanAsync(Connection, ns, Name, CanaryPercent, StableSubset, CanarySubset, ct));
            var doing = $"Set the route weights: {StableSubset} {plan.PreviousStable} -> {plan.StableWeight}, {CanarySubset} {plan.PreviousCanary} -> {plan.CanaryWeight}";
            if (!ShouldProcess(what, doing))
            {
                return;
            }

            var result = Run(ct => CanaryWeightService.ApplyAsync(Connection, plan, patch, ct));
            Journal("K8sCanaryWeight", what, result.Changed ? "WeightsSet" : "Unchanged", $"{StableSubset} {result.PreviousStable} -> {result.StableWeight}, {CanarySubset} {result.PreviousCanary} -> {result.CanaryWeight}");
            WriteObject(result);
        }
        catch (KubeException ex)
        {
            Journal("K8sCanaryWeight", what, "Failed", null, ex);
            WriteEngineError(ex, what);
        }
    }
}
