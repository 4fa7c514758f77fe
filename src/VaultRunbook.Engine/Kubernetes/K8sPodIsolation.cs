namespace VaultRunbook.Engine.Kubernetes;

/// <summary>
/// What an isolation (or its undo) changed on one pod. Namespace + Name bind to the next step
/// (Save-K8sIncidentEvidence, Get-K8sPodLog, Set-K8sPodIsolation -Undo).
/// </summary>
public sealed record K8sPodIsolation
{
    public required string Namespace { get; init; }

    /// <summary>The pod's name.</summary>
    public required string Name { get; init; }

    /// <summary>Isolate or Undo.</summary>
    public required string Action { get; init; }

    /// <summary>The pod is isolated after this step (labelled incident=isolate).</summary>
    public bool Isolated { get; init; }

    /// <summary>Nothing had to change on the pod (already isolated, or not isolated for an undo).</summary>
    public bool Unchanged { get; init; }

    /// <summary>The labels taken off the pod (isolate) or put back (undo), as key=value.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>The controller that owned the pod through those labels ("ReplicaSet/api-5d8f9c7b6d"), if any.</summary>
    public string? Controller { get; init; }

    /// <summary>The services whose endpoints the pod left (isolate) or rejoins (undo).</summary>
    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>The deny-all NetworkPolicy selecting incident=isolate.</summary>
    public required string NetworkPolicy { get; init; }

    /// <summary>Created, AlreadyPresent, Removed or Kept (another pod is still isolated).</summary>
    public required string PolicyState { get; init; }

    public required string Message { get; init; }

    public required string Server { get; init; }
}
