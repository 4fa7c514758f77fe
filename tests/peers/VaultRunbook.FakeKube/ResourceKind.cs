namespace VaultRunbook.FakeKube;

/// <summary>One served resource, as discovery lists it (APIResource).</summary>
public sealed record ResourceKind(
    string Group,
    string Version,
    string Plural,
    string Singular,
    string Kind,
    bool Namespaced,
    string[] ShortNames,
    string[] Subresources)
{
    /// <summary>A custom resource (a CRD's kind): no strategic merge patch, see <see cref="CustomResources"/>.</summary>
    public bool Custom { get; init; }

    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The storage key: one store per group and plural, whatever the version.</summary>
    public string StoreKey => $"{Group}/{Plural}";

    /// <summary>"deployments.apps", as the API server names a resource in its messages.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>What this fake serves: what kubectl and the Engine use, and room to add more (CRDs, network policies...).</summary>
    public static readonly IReadOnlyList<ResourceKind> All =
    [
        new("", "v1", "pods", "pod", "Pod", true, ["po"], ["status", "log"]),
        new("", "v1", "services", "service", "Service", true, ["svc"], ["status"]),
        new("", "v1", "endpoints", "endpoints", "Endpoints", true, ["ep"], []),
        new("", "v1", "events", "event", "Event", true, ["ev"], []),
        new("", "v1", "namespaces", "namespace", "Namespace", false, ["ns"], ["status"]),
        new("", "v1", "configmaps", "configmap", "ConfigMap", true, ["cm"], []),
        new("", "v1", "secrets", "secret", "Secret", true, [], []),
        new("apps", "v1", "deployments", "deployment", "Deployment", true, ["deploy"], ["scale", "status"]),
        new("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true, ["rs"], ["scale", "status"]),
        new("apps", "v1", "statefulsets", "statefulset", "StatefulSet", true, ["sts"], ["scale", "status"]),
        new("apps", "v1", "daemonsets", "daemonset", "DaemonSet", true, ["ds"], ["status"]),
        new("networking.k8s.io", "v1", "ingresses", "ingress", "Ingress", true, ["ing"], ["status"]),
        new("networking.k8s.io", "v1", "networkpolicies", "networkpolicy", "NetworkPolicy", true, ["netpol"], []),
        new("autoscaling", "v2", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, ["hpa"], ["status"]),
        new("autoscaling", "v1", "horizontalpodautoscalers", "horizontalpodautoscaler", "HorizontalPodAutoscaler", true, ["hpa"], ["status"]),
        .. CustomResources.Kinds,
    ];

    /// <summary>Groups in discovery order, each with its versions (preferred first).</summary>
    public static IEnumerable<(string Group, string[] Versions)> Groups() =>
        All.Where(r => r.Group.Length > 0).GroupBy(r => r.Group).Select(g => (g.Key, g.Select(r => r.Version).Distinct().ToArray()));

    public static ResourceKind? Find(string group, string version, string plural) =>
        All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == plural);

    public static ResourceKind ByKind(string kind) => All.First(r => r.Kind == kind);
}
