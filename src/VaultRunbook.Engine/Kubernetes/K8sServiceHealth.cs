namespace VaultRunbook.Engine.Kubernetes;

/// <summary>One Service and its endpoints: a selector that matches no ready pod leaves it without endpoints.</summary>
public sealed record K8sServiceHealth
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Type { get; init; }

    public string? ClusterIP { get; init; }

    public int ReadyEndpoints { get; init; }

    public int NotReadyEndpoints { get; init; }

    /// <summary>The Service selects pods (an ExternalName or selector-less Service has no endpoints to check).</summary>
    public bool HasSelector { get; init; }

    public bool HasEndpoints => ReadyEndpoints > 0;

    public required bool Healthy { get; init; }
}
