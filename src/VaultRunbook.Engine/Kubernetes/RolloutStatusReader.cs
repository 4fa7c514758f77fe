using System.Globalization;
using k8s.Models;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>kubectl rollout status's rules (polymorphichelpers' status viewers) for the three workload kinds.</summary>
internal static class RolloutStatusReader
{
    public const string RevisionAnnotation = "deployment.kubernetes.io/revision";

    public static long? RevisionOf(V1ObjectMeta? meta) =>
        meta?.Annotations is { } annotations && annotations.TryGetValue(RevisionAnnotation, out var text) && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var revision) ? revision : null;

    public static K8sRolloutStatus Deployment(V1Deployment d)
    {
        var name = d.Metadata.Name;
        var desired = d.Spec.Replicas ?? 1;
        var s = d.Status ?? new V1DeploymentStatus();
        var updated = s.UpdatedReplicas ?? 0;
        var available = s.AvailableReplicas ?? 0;
        var total = s.Replicas ?? 0;
        string message;
        var complete = false;
        var failed = false;
        if ((d.Metadata.Generation ?? 0) <= (s.ObservedGeneration ?? 0))
        {
            var progressing = s.Conditions?.FirstOrDefault(c => c.Type == "Progressing");
            if (progressing?.Reason == "ProgressDeadlineExceeded")
            {
                failed = true;
                message = $"deployment \"{name}\" exceeded its progress deadline";
            }
            else if (updated < desired)
            {
                message = $"Waiting for deployment \"{name}\" rollout to finish: {updated} out of {desired} new replicas have been updated...";
            }
            else if (total > updated)
            {
                message = $"Waiting for deployment \"{name}\" rollout to finish: {total - updated} old replicas are pending termination...";
            }
            else if (available < updated)
            {
                message = $"Waiting for deployment \"{name}\" rollout to finish: {available} of {updated} updated replicas are available...";
            }
            else
            {
                complete = true;
                message = $"deployment \"{name}\" successfully rolled out";
            }
        }
        else
        {
            message = "Waiting for deployment spec update to be observed...";
        }

        return new K8sRolloutStatus
        {
            Namespace = d.Metadata.NamespaceProperty,
            Name = name,
            Kind = WorkloadKind.Deployment,
            Desired = desired,
            Updated = updated,
            Ready = s.ReadyReplicas ?? 0,
            Available = available,
            Revision = RevisionOf(d.Metadata),
            Complete = complete,
            Failed = failed,
            Message = message,
        };
    }

    public static K8sRolloutStatus StatefulSet(V1StatefulSet sts)
    {
        var desired = sts.Spec.Replicas ?? 1;
        var s = sts.Status ?? new V1StatefulSetStatus();
        string message;
        var complete = false;
        if ((s.ObservedGeneration ?? 0) == 0 || (sts.Metadata.Generation ?? 0) > (s.ObservedGeneration ?? 0))
        {
            message = "Waiting for statefulset spec update to be observed...";
        }
        else if ((s.ReadyReplicas ?? 0) < desired)
        {
            message = $"Waiting for {desired - (s.ReadyReplicas ?? 0)} pods to be ready...";
        }
        else if (s.UpdateRevision != s.CurrentRevision)
        {
            message = $"waiting for statefulset rolling update to complete {s.UpdatedReplicas ?? 0} pods at revision {s.UpdateRevision}...";
        }
        else
        {
            complete = true;
            message = $"statefulset rolling update complete {s.CurrentReplicas ?? 0} pods at revision {s.CurrentRevision}...";
        }

        return new K8sRolloutStatus
        {
            Namespace = sts.Metadata.NamespaceProperty,
            Name = sts.Metadata.Name,
            Kind = WorkloadKind.StatefulSet,
            Desired = desired,
            Updated = s.UpdatedReplicas ?? 0,
            Ready = s.ReadyReplicas ?? 0,
            Available = s.AvailableReplicas ?? 0,
            Complete = complete,
            Message = message,
        };
    }

    public static K8sRolloutStatus DaemonSet(V1DaemonSet ds)
    {
        var name = ds.Metadata.Name;
        var s = ds.Status ?? new V1DaemonSetStatus();
        string message;
        var complete = false;
        if ((ds.Metadata.Generation ?? 0) <= (s.ObservedGeneration ?? 0))
        {
            if ((s.UpdatedNumberScheduled ?? 0) < s.DesiredNumberScheduled)
            {
                message = $"Waiting for daemon set \"{name}\" rollout to finish: {s.UpdatedNumberScheduled ?? 0} out of {s.DesiredNumberScheduled} new pods have been updated...";
            }
            else if ((s.NumberAvailable ?? 0) < s.DesiredNumberScheduled)
            {
                message = $"Waiting for daemon set \"{name}\" rollout to finish: {s.NumberAvailable ?? 0} of {s.DesiredNumberScheduled} updated pods are available...";
            }
            else
            {
                complete = true;
                message = $"daemon set \"{name}\" successfully rolled out";
            }
        }
        else
        {
            message = "Waiting for daemon set spec update to be observed...";
        }

        return new K8sRolloutStatus
        {
            Namespace = ds.Metadata.NamespaceProperty,
            Name = name,
            Kind = WorkloadKind.DaemonSet,
            Desired = s.DesiredNumberScheduled,
            Updated = s.UpdatedNumberScheduled ?? 0,
            Ready = s.NumberReady,
            Available = s.NumberAvailable ?? 0,
            Complete = complete,
            Message = message,
        };
    }
}
