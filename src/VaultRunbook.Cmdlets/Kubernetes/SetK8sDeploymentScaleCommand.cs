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
public sealed class SetK8sDeploymentScaleCommand : KubeCmdlet
{
    private int _activity;

    /// <summary>The workloads' names; piped strings and objects with a Name property bind.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] Name { get; set; } = [];

    /// <summary>Their namespace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "the kubeconfig context's namespace, else default")]
    public string? Namespace { get; set; }

    /// <summary>The replica count to set, 0 or more.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(0, int.MaxValue)]
    public int Replicas { get; set; }

    /// <summary>Deployment or StatefulSet.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("Deployment", "StatefulSet", IgnoreCase = true)]
    public string Kind { get; set; } = "Deployment";

    /// <summary>Follow the rollout until every replica is available (or -TimeoutSec passes).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait follows one rollout, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrDefault(Namespace);
        var kind = ParseKind(Kind);
        foreach (var name in Name)
        {
            var what = RolloutService.Describe(kind, ns, name);
            if (!ShouldProcess(what, $"Scale to {Replicas} replicas"))
            {
                continue;
            }

            K8sWorkloadChange change;
            try
            {
                change = Run(ct => RolloutService.ScaleAsync(Connection, kind, ns, name, Replicas, ct));
                Journal("K8sScale", kind, ns, name, "Scaled", change.Message);
            }
            catch (KubeException ex)
            {
                Journal("K8sScale", kind, ns, name, "Failed", null, ex);
                WriteEngineError(ex, what);
                continue;
            }

            WriteObject(Wait ? Followed(change, TimeoutSec, ++_activity) : change);
        }
    }
}
