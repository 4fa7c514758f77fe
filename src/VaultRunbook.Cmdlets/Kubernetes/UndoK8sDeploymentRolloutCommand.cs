using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Rolls deployments back to an earlier revision, as kubectl rollout undo does.</para>
/// <para type="description">Finds the deployment's ReplicaSets by their deployment.kubernetes.io/revision annotation
/// and restores the pod template of -ToRevision (0, the default, means the revision before the current one), with
/// that ReplicaSet's annotations. A paused deployment is refused; when the template already matches that revision
/// (pod-template-hash aside) nothing changes and the output says it was skipped. -Wait follows the rollout. Every
/// rollback is recorded in the action journal (Get-VaultActionLog).</para>
/// <example><code>Restart-K8sDeployment -Namespace app -Name api -Wait -ErrorAction SilentlyContinue | Where-Object { -not $_.RolloutComplete } | Undo-K8sDeploymentRollout -Wait</code><para>Restarts the api deployment and, when its rollout does not complete, rolls it back to the previous revision and waits for that.</para></example>
/// <example><code>'api' | Undo-K8sDeploymentRollout -Namespace app -ToRevision 3</code><para>Restores revision 3 of the api deployment's pod template.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Undo, "K8sDeploymentRollout", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.K8sWorkloadChange)]
public sealed class UndoK8sDeploymentRolloutCommand : KubeNamedChangeCmdlet
{
    /// <summary>The revision to go back to; 0 means the one before the current revision.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long ToRevision { get; set; }

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrDefault(Namespace);
        var target = ToRevision == 0 ? "the previous revision" : $"revision {ToRevision}";
        foreach (var name in Name)
        {
            Apply(WorkloadKind.Deployment, ns, name, "K8sUndo", $"Roll back to {target} (kubectl rollout undo)", ct => RolloutService.UndoAsync(Connection, ns, name, ToRevision, ct), change => change.Skipped ? "Skipped" : "RolledBack");
        }
    }
}
