namespace VaultRunbook.Engine.Kubernetes;

/// <summary>One Deployment as the daily check sees it. Namespace + Name (+ Kind) bind to Restart-K8sDeployment.</summary>
public sealed record K8sDeploymentHealth
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public string Kind => "Deployment";

    public int Desired { get; init; }

    public int Ready { get; init; }

    public int Updated { get; init; }

    public int Available { get; init; }

    public bool Paused { get; init; }

    /// <summary>The deployment.kubernetes.io/revision annotation.</summary>
    public long? Revision { get; init; }

    /// <summary>True when every desired replica is updated and available and no rollout is stuck.</summary>
    public required bool Healthy { get; init; }

    /// <summary>Why it is not healthy (ProgressDeadlineExceeded, "1/3 available", Paused); null when healthy.</summary>
    public string? Reason { get; init; }
}
