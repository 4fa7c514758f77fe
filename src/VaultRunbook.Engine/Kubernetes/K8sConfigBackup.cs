namespace VaultRunbook.Engine.Kubernetes;

/// <summary>A namespace configuration backup that was written: its folder (Path pipes into Restore-K8sNamespaceConfig) and what it holds.</summary>
public sealed record K8sConfigBackup
{
    /// <summary>The backup folder.</summary>
    public required string Path { get; init; }

    public required string Namespace { get; init; }

    public int ConfigMaps { get; init; }

    /// <summary>How many Secrets were sealed (0 without -IncludeSecrets).</summary>
    public int Secrets { get; init; }

    /// <summary>The files in the folder, the manifest first.</summary>
    public required IReadOnlyList<string> Files { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string Server { get; init; }
}
