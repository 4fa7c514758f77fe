namespace VaultRunbook.Engine.Kubernetes;

/// <summary>One line of a pod container's log. Namespace + Pod bind to the next step (Save-K8sIncidentEvidence -Name).</summary>
public sealed record K8sPodLogLine
{
    public required string Namespace { get; init; }

    public required string Pod { get; init; }

    public required string Container { get; init; }

    /// <summary>The line came from the container's previous instance (before its last restart).</summary>
    public bool Previous { get; init; }

    /// <summary>When the runtime wrote the line; only when -Timestamps asked the API server for it.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public required string Line { get; init; }

    public override string ToString() => Line;
}
