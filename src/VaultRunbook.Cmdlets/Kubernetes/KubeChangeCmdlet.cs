using System.Management.Automation;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// The Kubernetes cmdlets that change a workload: ShouldProcess, the change, its journal entry (also on failure),
/// and with -Wait the rollout after it.
/// </summary>
public abstract class KubeChangeCmdlet : KubeCmdlet
{
    private int _activity;

    /// <summary>Follow each rollout until it completes (or fails, or -TimeoutSec passes).</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>How long -Wait follows one rollout, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    /// <summary>Makes one change if ShouldProcess agrees; writes it (followed with -Wait) or its error.</summary>
    protected void Apply(WorkloadKind kind, string ns, string name, string journalAction, string doing, Func<CancellationToken, Task<K8sWorkloadChange>> work, Func<K8sWorkloadChange, string> outcome)
    {
        var what = RolloutService.Describe(kind, ns, name);
        if (!ShouldProcess(what, doing))
        {
            return;
        }

        K8sWorkloadChange change;
        try
        {
            change = Run(work);
            Journal(journalAction, kind, ns, name, outcome(change), change.Message);
        }
        catch (KubeException ex)
        {
            Journal(journalAction, kind, ns, name, "Failed", null, ex);
            WriteEngineError(ex, what);
            return;
        }

        WriteObject(Wait && !change.Skipped ? Followed(change, TimeoutSec, ++_activity) : change);
    }
}
