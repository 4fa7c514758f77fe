namespace VaultRunbook.Engine.Kubernetes;

/// <summary>One Ingress: its hosts, the Services it routes to, and which of those have no ready endpoints.</summary>
public sealed record K8sIngressHealth
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<string> Hosts { get; init; }

    public required IReadOnlyList<string> Backends { get; init; }

    /// <summary>Backends that do not exist or have no ready endpoints.</summary>
    public required IReadOnlyList<string> BackendsWithoutEndpoints { get; init; }

    /// <summary>The load balancer's addresses from the Ingress status.</summary>
    public required IReadOnlyList<string> Addresses { get; init; }

    public required bool Healthy { get; init; }
}
