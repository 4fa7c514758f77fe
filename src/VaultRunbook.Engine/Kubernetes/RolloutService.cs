using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// kubectl's rollout commands as calls: restart (the restartedAt template annotation, strategic-merge patched so
/// the annotations already there stay), scale (the scale subresource), undo (kubectl rollout undo's choice of
/// ReplicaSet and its JSON patch) and status (followed until complete, failed or timed out).
/// </summary>
public static class RolloutService
{
    public const string RestartedAtAnnotation = "kubectl.kubernetes.io/restartedAt";
    public const string Paused = "VaultRunbook.K8s.DeploymentPaused";
    public const string RolloutFailed = "VaultRunbook.K8s.RolloutFailed";
    public const string RolloutTimeout = "VaultRunbook.K8s.RolloutTimeout";
    public const string RevisionNotFound = "VaultRunbook.K8s.RevisionNotFound";
    public const string NoRolloutHistory = "VaultRunbook.K8s.NoRolloutHistory";
    public const string NotScalable = "VaultRunbook.K8s.NotScalable";

    /// <summary>kubectl's restartedAt value: RFC 3339 in the local zone, "Z" for UTC (Go's time.RFC3339).</summary>
    public static string RestartStamp(DateTimeOffset now) =>
        now.Offset == TimeSpan.Zero
            ? now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : now.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <exception cref="KubeException">DeploymentPaused, NotFound, Unauthorized...</exception>
    public static async Task<K8sWorkloadChange> RestartAsync(KubeConnection connection, WorkloadKind kind, string ns, string name, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var what = Describe(kind, ns, name);
        var stamp = RestartStamp(now);
        var patch = new V1Patch($"{{\"spec\":{{\"template\":{{\"metadata\":{{\"annotations\":{{\"{RestartedAtAnnotation}\":\"{stamp}\"}}}}}}}}}}", V1Patch.PatchType.StrategicMergePatch);
        long? previousRevision = null;
        long generation;
        switch (kind)
        {
            case WorkloadKind.Deployment:
                var deployment = await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                if (deployment.Spec.Paused == true)
                {
                    throw new KubeException(Paused, ErrorKind.InvalidOperation, $"Cannot restart the paused deployment {ns}/{name} (run kubectl rollout resume deployment/{name} first).") { Target = what };
                }

                previousRevision = RolloutStatusReader.RevisionOf(deployment.Metadata);
                var patched = await KubeErrors.Call(what, () => client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                generation = patched.Metadata.Generation ?? 0;
                break;
            case WorkloadKind.StatefulSet:
                await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                generation = (await KubeErrors.Call(what, () => client.AppsV1.PatchNamespacedStatefulSetAsync(patch, name, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)).Metadata.Generation ?? 0;
                break;
            default:
                await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                generation = (await KubeErrors.Call(what, () => client.AppsV1.PatchNamespacedDaemonSetAsync(patch, name, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)).Metadata.Generation ?? 0;
                break;
        }

        return new K8sWorkloadChange
        {
            Namespace = ns,
            Name = name,
            Kind = kind,
            Action = "Restart",
            PreviousRevision = previousRevision,
            RestartedAt = stamp,
            Generation = generation,
            Message = $"{Noun(kind)} \"{name}\" restarted",
            Server = connection.Server,
        };
    }

    /// <exception cref="KubeException">NotScalable (a DaemonSet), NotFound, Invalid...</exception>
    public static async Task<K8sWorkloadChange> ScaleAsync(KubeConnection connection, WorkloadKind kind, string ns, string name, int replicas, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var what = Describe(kind, ns, name);
        var patch = new V1Patch($"{{\"spec\":{{\"replicas\":{replicas.ToString(CultureInfo.InvariantCulture)}}}}}", V1Patch.PatchType.MergePatch);
        V1Scale before;
        V1Scale after;
        switch (kind)
        {
            case WorkloadKind.Deployment:
                before = await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedDeploymentScaleAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                after = await KubeErrors.Call(what, () => client.AppsV1.PatchNamespacedDeploymentScaleAsync(patch, name, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                break;
            case WorkloadKind.StatefulSet:
                before = await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedStatefulSetScaleAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                after = await KubeErrors.Call(what, () => client.AppsV1.PatchNamespacedStatefulSetScaleAsync(patch, name, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
                break;
            default:
                throw new KubeException(NotScalable, ErrorKind.InvalidArgument, $"A DaemonSet runs one pod per node and has no replica count; {ns}/{name} cannot be scaled.") { Target = what };
        }

        return new K8sWorkloadChange
        {
            Namespace = ns,
            Name = name,
            Kind = kind,
            Action = "Scale",
            PreviousReplicas = before.Spec?.Replicas,
            Replicas = after.Spec?.Replicas ?? replicas,
            Message = $"{Noun(kind)} \"{name}\" scaled from {before.Spec?.Replicas} to {after.Spec?.Replicas ?? replicas}",
            Server = connection.Server,
        };
    }

    /// <summary>kubectl rollout undo: 0 = the previous revision.</summary>
    /// <exception cref="KubeException">DeploymentPaused, RevisionNotFound, NoRolloutHistory, NotFound...</exception>
    public static async Task<K8sWorkloadChange> UndoAsync(KubeConnection connection, string ns, string name, long toRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var what = Describe(WorkloadKind.Deployment, ns, name);
        var deployment = await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        var selector = string.Join(",", (deployment.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>()).Select(p => $"{p.Key}={p.Value}"));
        var sets = await KubeErrors.Call($"the replica sets of {what}", () => client.AppsV1.ListNamespacedReplicaSetAsync(ns, labelSelector: selector, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        var owned = sets.Items.Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == deployment.Metadata.Uid) == true).ToList();
        var target = DeploymentRollback.Choose(owned, toRevision, ns, name);
        var targetRevision = RolloutStatusReader.RevisionOf(target.Metadata) ?? 0;
        if (deployment.Spec.Paused == true)
        {
            throw new KubeException(Paused, ErrorKind.InvalidOperation, $"Cannot roll back the paused deployment {ns}/{name}; resume it first (kubectl rollout resume deployment/{name}).") { Target = what };
        }

        var previousRevision = RolloutStatusReader.RevisionOf(deployment.Metadata);
        var undo = new K8sWorkloadChange
        {
            Namespace = ns,
            Name = name,
            Kind = WorkloadKind.Deployment,
            Action = "Undo",
            PreviousRevision = previousRevision,
            RolledBackTo = targetRevision,
            Generation = deployment.Metadata.Generation ?? 0,
            Message = $"skipped rollback (current template already matches revision {targetRevision})",
            Server = connection.Server,
        };
        if (DeploymentRollback.SameTemplate(target.Spec.Template, deployment.Spec.Template))
        {
            return undo with { Skipped = true, Revision = previousRevision };
        }

        var patch = new V1Patch(DeploymentRollback.Patch(deployment, target), V1Patch.PatchType.JsonPatch);
        var patched = await KubeErrors.Call(what, () => client.AppsV1.PatchNamespacedDeploymentAsync(patch, name, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        return undo with { Generation = patched.Metadata.Generation ?? 0, Message = $"deployment \"{name}\" rolled back to revision {targetRevision}" };
    }

    public static async Task<K8sRolloutStatus> GetStatusAsync(KubeConnection connection, WorkloadKind kind, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var what = Describe(kind, ns, name);
        return kind switch
        {
            WorkloadKind.Deployment => RolloutStatusReader.Deployment(await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)),
            WorkloadKind.StatefulSet => RolloutStatusReader.StatefulSet(await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedStatefulSetAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)),
            _ => RolloutStatusReader.DaemonSet(await KubeErrors.Call(what, () => client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)),
        };
    }

    /// <summary>Follows a rollout until it completes, reporting each new status line.</summary>
    /// <exception cref="KubeException">RolloutFailed (ProgressDeadlineExceeded) or RolloutTimeout.</exception>
    public static async Task<K8sRolloutStatus> WaitAsync(KubeConnection connection, WorkloadKind kind, string ns, string name, TimeSpan timeout, TimeSpan pollInterval, IProgress<K8sRolloutStatus>? progress, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        string? lastMessage = null;
        while (true)
        {
            var status = await GetStatusAsync(connection, kind, ns, name, cancellationToken).ConfigureAwait(false);
            if (status.Message != lastMessage)
            {
                progress?.Report(status);
                lastMessage = status.Message;
            }

            if (status.Complete)
            {
                return status;
            }

            if (status.Failed)
            {
                throw new KubeException(RolloutFailed, ErrorKind.InvalidResult, $"The rollout of {Describe(kind, ns, name)} failed: {status.Message}.") { Target = Describe(kind, ns, name) };
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new KubeException(RolloutTimeout, ErrorKind.OperationTimeout, $"The rollout of {Describe(kind, ns, name)} did not finish in {timeout.TotalSeconds:0} s: {status.Message}") { Target = Describe(kind, ns, name) };
            }

            await Task.Delay(pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    public static string Describe(WorkloadKind kind, string ns, string name) => $"{Noun(kind)} {ns}/{name}";

    private static string Noun(WorkloadKind kind) => kind switch
    {
        WorkloadKind.Deployment => "deployment",
        WorkloadKind.StatefulSet => "statefulset",
        _ => "daemonset",
    };
}
