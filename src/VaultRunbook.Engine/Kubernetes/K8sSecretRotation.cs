namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// A Kubernetes Secret rotation that completed: the deployment (Namespace, Name, Kind bind to Restart-K8sDeployment
/// and Get-K8sWorkloadHealth) now runs with the new Secret, and the old one is deleted. The value is never held here.
/// </summary>
public sealed record K8sSecretRotation
{
    public required string Namespace { get; init; }

    /// <summary>The deployment's name.</summary>
    public required string Name { get; init; }

    public WorkloadKind Kind { get; init; } = WorkloadKind.Deployment;

    /// <summary>The new Secret the deployment references.</summary>
    public required string SecretName { get; init; }

    /// <summary>The Secret it referenced before (deleted after the rollout succeeded).</summary>
    public required string PreviousSecretName { get; init; }

    /// <summary>The data key that got a new random value; the other keys were copied.</summary>
    public required string DataKey { get; init; }

    /// <summary>How many references in the pod template were moved to the new Secret.</summary>
    public int References { get; init; }

    public long? PreviousRevision { get; init; }

    public long? Revision { get; init; }

    public required string Message { get; init; }

    public required string Server { get; init; }
}
