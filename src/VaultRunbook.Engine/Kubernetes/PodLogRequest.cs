namespace VaultRunbook.Engine.Kubernetes;

/// <summary>What to read of a pod's logs: kubectl logs' options, and a pattern that keeps only matching lines.</summary>
public sealed record PodLogRequest
{
    /// <summary>The containers to read; empty: all the pod's containers.</summary>
    public IReadOnlyList<string> Containers { get; init; } = [];

    /// <summary>The last N lines of each container (kubectl logs --tail); null: all.</summary>
    public int? Tail { get; init; }

    /// <summary>Only lines newer than this (kubectl logs --since), rounded up to whole seconds.</summary>
    public TimeSpan? Since { get; init; }

    /// <summary>The previous instance of each container (kubectl logs --previous).</summary>
    public bool Previous { get; init; }

    /// <summary>Ask the API server for each line's timestamp.</summary>
    public bool Timestamps { get; init; }

    /// <summary>Keep only the lines this matches (applied after Tail, as kubectl logs --tail N | grep does).</summary>
    public System.Text.RegularExpressions.Regex? Pattern { get; init; }
}
