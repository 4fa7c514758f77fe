namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// The daily health check of one namespace: deployments, pods, services with and without endpoints, ingresses,
/// autoscalers and the recent events, with an overall <see cref="Healthy"/> flag and the problems that clear it.
/// </summary>
public sealed record K8sWorkloadHealth
{
    public required string Namespace { get; init; }

    public string? Context { get; init; }

    public required string Server { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    public required bool Healthy { get; init; }

    /// <summary>One line per problem ("deployment api: 0/2 available", "service orphan has no endpoints").</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    public required IReadOnlyList<K8sDeploymentHealth> Deployments { get; init; }

    public required IReadOnlyList<K8sPodHealth> Pods { get; init; }

    public required IReadOnlyList<K8sServiceHealth> Services { get; init; }

    public required IReadOnlyList<K8sIngressHealth> Ingresses { get; init; }

    public required IReadOnlyList<K8sAutoscalerHealth> Autoscalers { get; init; }

    /// <summary>The events of the last hours asked for, oldest first.</summary>
    public required IReadOnlyList<K8sEvent> Events { get; init; }

    public int WarningEvents => Events.Count(e => e.Type == "Warning");
}
