namespace VaultRunbook.Engine.Kubernetes;

/// <summary>One HorizontalPodAutoscaler (autoscaling/v2): its target and where it stands between min and max.</summary>
public sealed record K8sAutoscalerHealth
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>"Deployment/api".</summary>
    public required string Target { get; init; }

    public int MinReplicas { get; init; }

    public int MaxReplicas { get; init; }

    public int CurrentReplicas { get; init; }

    public int DesiredReplicas { get; init; }

    /// <summary>It wants more replicas than its maximum allows (ScalingLimited, TooManyReplicas).</summary>
    public bool AtMaximum { get; init; }

    /// <summary>False when it cannot scale (AbleToScale or ScalingActive is False) or is pinned at its maximum.</summary>
    public required bool Healthy { get; init; }
}
