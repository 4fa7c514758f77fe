namespace VaultRunbook.Engine.Kubernetes;

/// <summary>One event (core/v1) of the namespace, newest last in a report.</summary>
public sealed record K8sEvent
{
    public required string Namespace { get; init; }

    public required DateTimeOffset Time { get; init; }

    /// <summary>Normal or Warning.</summary>
    public required string Type { get; init; }

    public required string Reason { get; init; }

    /// <summary>"Pod/api-5d8f9c7b6d-x2k4q".</summary>
    public required string Object { get; init; }

    public required string Message { get; init; }

    public int Count { get; init; }
}
