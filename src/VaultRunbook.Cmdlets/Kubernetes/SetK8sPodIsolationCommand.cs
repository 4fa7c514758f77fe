using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Isolates pods for a security incident: out of their services and controller, behind a deny-all network policy. -Undo releases them.</para>
/// <para type="description">The incident playbook's containment. Labels each pod incident=isolate and takes off the
/// labels its controller's selector and its services' selectors match, so the pod leaves the services' endpoints and
/// its ReplicaSet no longer counts it (a real controller starts a replacement), while the pod keeps running for the
/// investigation. The labels taken off are kept in the pod's vaultrunbook.io/isolated-labels annotation. Then makes
/// sure the namespace has the deny-all NetworkPolicy vaultrunbook-incident-isolate (ingress and egress) selecting
/// incident=isolate, creating it if it is missing; it is never duplicated. The output says what changed: the labels
/// taken off, the services the pod left, and whether the policy was created or already present. -Undo puts the
/// labels back exactly, removes incident=isolate and the annotation, and removes the policy only when no other pod
/// of the namespace is still isolated. Both are recorded in the action journal (Get-VaultActionLog). The label patch
/// carries the resourceVersion it was computed from; when the pod changed meanwhile (the kubelet writing its status,
/// another client its labels) it is read again and the patch recomputed, three attempts in all, then
/// VaultRunbook.K8s.Conflict.</para>
/// <example><code>Get-K8sPodLog -Namespace auth -Selector app=auth-api -Since (New-TimeSpan -Minutes 30) -Pattern 'reverse shell' | Select-Object -Unique Namespace, Pod | Set-K8sPodIsolation -Confirm:$false</code><para>Isolates every auth-api pod whose log of the last half hour shows the indicator, without asking for each.</para></example>
/// <example><code>Set-K8sPodIsolation -Namespace auth -Name auth-api-7c9d8-x2k4q -Undo</code><para>Puts the pod back into its services and controller once the incident is closed; the policy goes when no pod is isolated any more.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Set, "K8sPodIsolation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "ByName")]
[OutputType(EngineTypeNames.K8sPodIsolation)]
public sealed class SetK8sPodIsolationCommand : KubePodCmdlet
{
    /// <summary>Release the pods instead: restore their labels, and remove the policy when no pod is isolated any more.</summary>
    [Parameter]
    public SwitchParameter Undo { get; set; }

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrDefault(Namespace);
        var action = Undo ? "K8sIsolateUndo" : "K8sIsolate";
        foreach (var pod in PodNames(ns))
        {
            var what = PodTargets.Describe(ns, pod);
            if (!ShouldProcess(what, Undo ? "Release from isolation (restore its labels)" : "Isolate (take it out of its services and controller, deny all traffic)"))
            {
                continue;
            }

            try
            {
                var change = Run(ct => Undo ? PodIsolationService.UndoAsync(Connection, ns, pod, ct) : PodIsolationService.IsolateAsync(Connection, ns, pod, ct));
                JournalPod(action, ns, pod, change.Unchanged ? "AlreadyIsolated" : Undo ? "Released" : "Isolated", change.Message);
                WriteObject(change);
            }
            catch (KubeException ex)
            {
                JournalPod(action, ns, pod, "Failed", null, ex);
                WriteEngineError(ex, what);
            }
        }
    }
}
