namespace VaultRunbook.Engine.Kubernetes;

/// <summary>An evidence folder written by Save-K8sIncidentEvidence, and the sha256 of its manifest.json.</summary>
public sealed record K8sIncidentEvidence
{
    /// <summary>The evidence folder's full path.</summary>
    public required string Path { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The pods whose evidence was taken.</summary>
    public required IReadOnlyList<string> Pods { get; init; }

    /// <summary>The files written, relative to <see cref="Path"/> ('/' separated), manifest.json last.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    /// <summary>The bytes of every file, manifest.json included.</summary>
    public long Bytes { get; init; }

    /// <summary>The sha256 (hex) of manifest.json, which holds the sha256 and size of every other file: note it in the incident record.</summary>
    public required string Sha256 { get; init; }

    /// <summary>What could not be collected (a log the API server refused...), also listed in manifest.json.</summary>
    public IReadOnlyList<string> Gaps { get; init; } = [];

    public required string Server { get; init; }
}
