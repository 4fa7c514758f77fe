using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// The incident playbook's containment of a pod: label it incident=isolate, take off the labels its controller's
/// and its services' selectors match (kept in an annotation so the undo puts them back exactly), and make sure a
/// deny-all NetworkPolicy (ingress and egress) selects incident=isolate. The undo restores the labels and removes
/// the policy once no pod of the namespace is isolated any more.
/// </summary>
public static class PodIsolationService
{
    public const string IsolationLabel = "incident";
    public const string IsolationValue = "isolate";
    public const string LabelsAnnotation = "vaultrunbook.io/isolated-labels";
    public const string PolicyName = "vaultrunbook-incident-isolate";
    public const string NotIsolated = "VaultRunbook.K8s.PodNotIsolated";
    public const string BadIsolationRecord = "VaultRunbook.K8s.IsolationRecordInvalid";

    /// <summary>The attempts at a label patch: the pod's resourceVersion guards the labels it was computed from.</summary>
    public const int Attempts = 3;

    /// <exception cref="KubeException">NotFound, Conflict (the pod kept changing meanwhile), Forbidden...</exception>
    public static Task<K8sPodIsolation> IsolateAsync(KubeConnection connection, string ns, string name, CancellationToken cancellationToken) =>
        RetryOnConflict(() => IsolateOnceAsync(connection, ns, name, cancellationToken));

    /// <exception cref="KubeException">PodNotIsolated, IsolationRecordInvalid, NotFound, Conflict...</exception>
    public static Task<K8sPodIsolation> UndoAsync(KubeConnection connection, string ns, string name, CancellationToken cancellationToken) =>
        RetryOnConflict(() => UndoOnceAsync(connection, ns, name, cancellationToken));

    // A kubelet's status update moves the pod's resourceVersion as a label change does, so a conflict reads the pod
    // again and recomputes the patch (as client-go's RetryOnConflict), Attempts in all.
    private static async Task<T> RetryOnConflict<T>(Func<Task<T>> attempt)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (KubeException ex) when (ex.ErrorId == KubeErrors.Conflict && tries < Attempts)
            {
            }
        }
    }

    private static async Task<K8sPodIsolation> IsolateOnceAsync(KubeConnection connection, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var what = PodTargets.Describe(ns, name);
        var pod = await PodTargets.GetAsync(connection, ns, name, cancellationToken).ConfigureAwait(false);
        var labels = pod.Metadata.Labels ?? new Dictionary<string, string>();
        var controller = await ControllerAsync(connection, ns, pod, cancellationToken).ConfigureAwait(false);
        var services = await ServicesAsync(connection, ns, cancellationToken).ConfigureAwait(false);
        var selecting = services.Where(s => Matches(s.Spec?.Selector, labels)).ToList();
        var result = new K8sPodIsolation
        {
            Namespace = ns,
            Name = name,
            Action = "Isolate",
            Isolated = true,
            Controller = controller is null ? null : $"{controller.Value.Kind}/{controller.Value.Name}",
            NetworkPolicy = PolicyName,
            PolicyState = string.Empty,
            Message = string.Empty,
            Server = connection.Server,
        };

        if (IsIsolated(pod))
        {
            var state = await EnsurePolicyAsync(connection, ns, cancellationToken).ConfigureAwait(false);
            return result with { Unchanged = true, PolicyState = state, Message = $"pod \"{name}\" was already isolated; network policy {PolicyName} {Said(state)}" };
        }

        // Every label key a selector of the controller or of a service matching the pod looks at.
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var key in controller?.SelectorKeys ?? [])
        {
            keys.Add(key);
        }

        foreach (var service in selecting)
        {
            keys.UnionWith(service.Spec.Selector.Keys);
        }

        keys.Remove(IsolationLabel);
        var removed = keys.Where(labels.ContainsKey).ToDictionary(k => k, k => labels[k], StringComparer.Ordinal);
        var patchLabels = new JsonObject { [IsolationLabel] = IsolationValue };
        foreach (var key in removed.Keys)
        {
            patchLabels[key] = null;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = pod.Metadata.ResourceVersion,
                ["labels"] = patchLabels,
                ["annotations"] = new JsonObject { [LabelsAnnotation] = JsonSerializer.Serialize(new SortedDictionary<string, string>(removed, StringComparer.Ordinal)) },
            },
        };
        await KubeErrors.Call(what, () => client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        var policy = await EnsurePolicyAsync(connection, ns, cancellationToken).ConfigureAwait(false);
        return result with
        {
            Labels = removed.Select(p => $"{p.Key}={p.Value}").ToList(),
            Services = selecting.Select(s => s.Metadata.Name).OrderBy(n => n, StringComparer.Ordinal).ToList(),
            PolicyState = policy,
            Message = $"pod \"{name}\" isolated: labelled {IsolationLabel}={IsolationValue}, {removed.Count} label(s) taken off, out of {selecting.Count} service(s); network policy {PolicyName} {Said(policy)}",
        };
    }

    private static async Task<K8sPodIsolation> UndoOnceAsync(KubeConnection connection, string ns, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var client = connection.Client;
        var what = PodTargets.Describe(ns, name);
        var pod = await PodTargets.GetAsync(connection, ns, name, cancellationToken).ConfigureAwait(false);
        if (!IsIsolated(pod) && pod.Metadata.Annotations?.ContainsKey(LabelsAnnotation) != true)
        {
            throw new KubeException(NotIsolated, ErrorKind.InvalidOperation, $"The {what} is not isolated (no {IsolationLabel}={IsolationValue} label and no {LabelsAnnotation} annotation); nothing to undo.") { Target = what };
        }

        var restored = ReadRecord(pod, what);
        var patchLabels = new JsonObject { [IsolationLabel] = null };
        foreach (var (key, value) in restored)
        {
            patchLabels[key] = value;
        }

        var patch = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["resourceVersion"] = pod.Metadata.ResourceVersion,
                ["labels"] = patchLabels,
                ["annotations"] = new JsonObject { [LabelsAnnotation] = null },
            },
        };
        var patched = await KubeErrors.Call(what, () => client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), name, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        var labels = patched.Metadata.Labels ?? new Dictionary<string, string>();
        var services = (await ServicesAsync(connection, ns, cancellationToken).ConfigureAwait(false)).Where(s => Matches(s.Spec?.Selector, labels)).Select(s => s.Metadata.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
        var controller = await ControllerAsync(connection, ns, patched, cancellationToken).ConfigureAwait(false);

        var stillIsolated = await KubeErrors.Call($"the isolated pods of namespace {ns}", () => client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: $"{IsolationLabel}={IsolationValue}", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
        string policy;
        if (stillIsolated.Items.Count > 0)
        {
            policy = "Kept";
        }
        else
        {
            policy = "Removed";
            try
            {
                await KubeErrors.Call($"networkpolicy {ns}/{PolicyName}", () => client.NetworkingV1.DeleteNamespacedNetworkPolicyAsync(PolicyName, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
            }
            catch (KubeException ex) when (ex.ErrorId == KubeErrors.NotFound)
            {
                policy = "Absent";
            }
        }

        return new K8sPodIsolation
        {
            Namespace = ns,
            Name = name,
            Action = "Undo",
            Isolated = false,
            Labels = restored.Select(p => $"{p.Key}={p.Value}").ToList(),
            Controller = controller is null ? null : $"{controller.Value.Kind}/{controller.Value.Name}",
            Services = services,
            NetworkPolicy = PolicyName,
            PolicyState = policy,
            Message = $"pod \"{name}\" released: {restored.Count} label(s) restored, back in {services.Count} service(s); network policy {PolicyName} {Said(policy)}",
            Server = connection.Server,
        };
    }

    private static bool IsIsolated(V1Pod pod) => pod.Metadata.Labels?.TryGetValue(IsolationLabel, out var value) == true && value == IsolationValue;

    private static SortedDictionary<string, string> ReadRecord(V1Pod pod, string what)
    {
        if (pod.Metadata.Annotations?.TryGetValue(LabelsAnnotation, out var text) != true || string.IsNullOrEmpty(text))
        {
            return new SortedDictionary<string, string>(StringComparer.Ordinal);
        }

        try
        {
            return new SortedDictionary<string, string>(JsonSerializer.Deserialize<Dictionary<string, string>>(text) ?? [], StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new KubeException(BadIsolationRecord, ErrorKind.InvalidData, $"The {LabelsAnnotation} annotation of the {what} is not the JSON object of labels an isolation writes; restore the labels by hand.", ex) { Target = what };
        }
    }

    private static string Said(string state) => state switch
    {
        "Created" => "created",
        "AlreadyPresent" => "already present",
        "Removed" => "removed",
        "Kept" => "kept (another pod is still isolated)",
        _ => "was already gone",
    };

    private static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string> labels) =>
        selector is { Count: > 0 } && selector.All(p => labels.TryGetValue(p.Key, out var v) && v == p.Value);

    private static async Task<IList<V1Service>> ServicesAsync(KubeConnection connection, string ns, CancellationToken cancellationToken) =>
        (await KubeErrors.Call($"the services of namespace {ns}", () => connection.Client.CoreV1.ListNamespacedServiceAsync(ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)).Items;

    // The owning controller and the label keys of its selector (matchLabels and matchExpressions).
    private static async Task<(string Kind, string Name, IReadOnlyList<string> SelectorKeys)?> ControllerAsync(KubeConnection connection, string ns, V1Pod pod, CancellationToken cancellationToken)
    {
        var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        if (owner is null)
        {
            return null;
        }

        V1LabelSelector? selector = null;
        try
        {
            selector = owner.Kind switch
            {
                "ReplicaSet" => (await KubeErrors.Call($"replicaset {ns}/{owner.Name}", () => connection.Client.AppsV1.ReadNamespacedReplicaSetAsync(owner.Name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)).Spec.Selector,
                "StatefulSet" => (await KubeErrors.Call($"statefulset {ns}/{owner.Name}", () => connection.Client.AppsV1.ReadNamespacedStatefulSetAsync(owner.Name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)).Spec.Selector,
                "DaemonSet" => (await KubeErrors.Call($"daemonset {ns}/{owner.Name}", () => connection.Client.AppsV1.ReadNamespacedDaemonSetAsync(owner.Name, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false)).Spec.Selector,
                _ => null,
            };
        }
        catch (KubeException ex) when (ex.ErrorId == KubeErrors.NotFound)
        {
            // an orphan: its controller is gone
        }

        var keys = (selector?.MatchLabels?.Keys ?? []).Concat(selector?.MatchExpressions?.Select(e => e.Key) ?? []).Distinct(StringComparer.Ordinal).ToList();
        return (owner.Kind, owner.Name, keys);
    }

    // Created, or AlreadyPresent; a create that races another isolation (409) finds it present.
    private static async Task<string> EnsurePolicyAsync(KubeConnection connection, string ns, CancellationToken cancellationToken)
    {
        var what = $"networkpolicy {ns}/{PolicyName}";
        try
        {
            await KubeErrors.Call(what, () => connection.Client.NetworkingV1.ReadNamespacedNetworkPolicyAsync(PolicyName, ns, cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
            return "AlreadyPresent";
        }
        catch (KubeException ex) when (ex.ErrorId == KubeErrors.NotFound)
        {
            // made below
        }

        var policy = new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = new V1ObjectMeta
            {
                Name = PolicyName,
                NamespaceProperty = ns,
                Labels = new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "vaultrunbook" },
                Annotations = new Dictionary<string, string> { ["vaultrunbook.io/purpose"] = "deny all traffic to and from pods labelled incident=isolate" },
            },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [IsolationLabel] = IsolationValue } },
                PolicyTypes = ["Ingress", "Egress"],
            },
        };
        try
        {
            await KubeErrors.Call(what, () => connection.Client.NetworkingV1.CreateNamespacedNetworkPolicyAsync(policy, ns, fieldManager: "vaultrunbook", cancellationToken: cancellationToken), connection.Server).ConfigureAwait(false);
            return "Created";
        }
        catch (KubeException ex) when (ex.ErrorId == KubeErrors.Conflict)
        {
            return "AlreadyPresent";
        }
    }
}
