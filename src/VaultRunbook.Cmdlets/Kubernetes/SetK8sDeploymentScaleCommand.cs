using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Sets the replica count of deployments (or statefulsets) through the scale subresource, as kubectl scale does.</para>
/// <para type="description">Patches the workload's scale subresource (autoscaling/v1 Scale) with the new spec.replicas,
/// so only the replica count changes. -Wait follows the rollout until every replica is available, or -TimeoutSec
/// passes. Every change is recorded in the action journal (Get-VaultActionLog).</para>
/// <example><code>(Get-K8sWorkloadHealth -Namespace app).Deployments | Where-Object Name -eq api | Set-K8sDeploymentScale -Replicas 5 -Wait</code><para>Scales the api deployment of the app namespace to five replicas and waits until all five are available.</para></example>
/// <example><code>'worker' | Set-K8sDeploymentScale -Namespace app -Replicas 0 -WhatIf</code><para>Shows that the worker deployment would be scaled to zero, without changing it.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Set, "K8sDeploymentScale", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.K8sWorkloadChange)]
public sealed class SetK8sDeploymentScaleCommand : KubeNamedChangeCmdlet
{
    /// <summary>The replica count to set, 0 or more.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(0, int.MaxValue)]
    public int Replicas { get; set; }

    /// <summary>Deployment or StatefulSet.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Deployment", "StatefulSet", IgnoreCase = true)]
    public string Kind { get; set; } = "Deployment";

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrDefault(Namespace);
        var kind = ParseKind(Kind);
        foreach (var name in Name)
        {
            Apply(kind, ns, name, "K8sScale", $"Scale to {Replicas} replicas", ct => RolloutService.ScaleAsync(Connection, kind, ns, name, Replicas, ct), _ => "Scaled");
        }
    }
}
