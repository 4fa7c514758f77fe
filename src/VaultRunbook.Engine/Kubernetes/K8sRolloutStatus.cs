namespace VaultRunbook.Engine.Kubernetes;

/// <summary>Where a rollout stands, in kubectl rollout status's terms (its messages, its completeness rule).</summary>
public sealed record K8sRolloutStatus
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required WorkloadKind Kind { get; init; }

    public int Desired { get; init; }

    public int Updated { get; init; }

    public int Ready { get; init; }

    public int Available { get; init; }

    /// <summary>A Deployment's deployment.kubernetes.io/revision when it was read.</summary>
    public long? Revision { get; init; }

    /// <summary>The rollout is done: every replica updated and available, the spec observed.</summary>
    public required bool Complete { get; init; }

    /// <summary>The rollout cannot finish (Progressing=False, ProgressDeadlineExceeded).</summary>
    public bool Failed { get; init; }

    /// <summary>kubectl's line: "Waiting for deployment "api" rollout to finish: 1 out of 2 new replicas have been updated...".</summary>
    public required string Message { get; init; }
}
