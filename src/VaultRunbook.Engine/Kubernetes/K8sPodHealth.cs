namespace VaultRunbook.Engine.Kubernetes;

/// <summary>One pod: phase, restarts, the OOMKilled and CrashLoopBackOff signs, and its node.</summary>
public sealed record K8sPodHealth
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Phase { get; init; }

    /// <summary>Every container is ready.</summary>
    public bool Ready { get; init; }

    /// <summary>The sum of its containers' restart counts.</summary>
    public int Restarts { get; init; }

    /// <summary>A container's last termination (or current one) was OOMKilled.</summary>
    public bool OomKilled { get; init; }

    /// <summary>A container waits in CrashLoopBackOff.</summary>
    public bool CrashLoopBackOff { get; init; }

    /// <summary>The first waiting reason of a container (CrashLoopBackOff, ImagePullBackOff...), if any.</summary>
    public string? WaitingReason { get; init; }

    public string? Node { get; init; }

    /// <summary>The controller that owns it ("ReplicaSet/api-5d8f9c7b6d").</summary>
    public string? Owner { get; init; }

    public required bool Healthy { get; init; }
}
