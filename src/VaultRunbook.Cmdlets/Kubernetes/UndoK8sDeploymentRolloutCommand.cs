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
public sealed class UndoK8sDeploymentRolloutCommand : KubeCmdlet
{
    private int _activity;

    /// <summary>The deployments' names; piped strings and objects with a Name property bind.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public string[] Name { get; set; } = [];

    /// <summary>Their namespace.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "the kubeconfig context's namespace, else default")]
    public string? Namespace { get; set; }

    /// <summary>The revision to go back to; 0 means the one before the current revision.</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long ToRevision { get; set; }

    /// <summary>Follow the rollout until it completes (or fails, or -TimeoutSec passes).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait follows one rollout, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrDefault(Namespace);
        foreach (var name in Name)
        {
            var what = RolloutService.Describe(WorkloadKind.Deployment, ns, name);
            var target = ToRevision == 0 ? "the previous revision" : $"revision {ToRevision}";
            if (!ShouldProcess(what, $"Roll back to {target} (kubectl rollout undo)"))
            {
                continue;
            }

            K8sWorkloadChange change;
            try
            {
                change = Run(ct => RolloutService.UndoAsync(Connection, ns, name, ToRevision, ct));
                Journal("K8sUndo", WorkloadKind.Deployment, ns, name, change.Skipped ? "Skipped" : "RolledBack", change.Message);
            }
            catch (KubeException ex)
            {
                Journal("K8sUndo", WorkloadKind.Deployment, ns, name, "Failed", null, ex);
                WriteEngineError(ex, what);
                continue;
            }

            WriteObject(Wait && !change.Skipped ? Followed(change, TimeoutSec, ++_activity) : change);
        }
    }
}
