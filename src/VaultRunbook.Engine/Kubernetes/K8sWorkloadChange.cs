namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// A restart, scale or rollback that was made (or skipped), and the rollout after it when it was followed.
/// Namespace + Name + Kind bind to the next step (Restart-K8sDeployment, Get-K8sWorkloadHealth).
/// </summary>
public sealed record K8sWorkloadChange
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required WorkloadKind Kind { get; init; }

    /// <summary>Restart, Scale or Undo.</summary>
    public required string Action { get; init; }

    /// <summary>The deployment.kubernetes.io/revision before and after the change (Deployments only).</summary>
    public long? PreviousRevision { get; init; }

    public long? Revision { get; init; }

    /// <summary>For a scale: the replicas before and after.</summary>
    public int? PreviousReplicas { get; init; }

    public int? Replicas { get; init; }

    /// <summary>For a restart: the kubectl.kubernetes.io/restartedAt value written into the pod template.</summary>
    public string? RestartedAt { get; init; }

    /// <summary>For an undo: the revision whose template was restored.</summary>
    public long? RolledBackTo { get; init; }

    /// <summary>Nothing was changed (an undo whose template already matched); see <see cref="Message"/>.</summary>
    public bool Skipped { get; init; }

    /// <summary>The workload's metadata.generation after the change.</summary>
    public long Generation { get; init; }

    /// <summary>When -Wait followed the rollout: whether it completed; null when not followed.</summary>
    public bool? RolloutComplete { get; init; }

    public required string Message { get; init; }

    public required string Server { get; init; }
}
