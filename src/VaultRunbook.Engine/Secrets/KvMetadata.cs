namespace VaultRunbook.Engine.Secrets;

/// <summary>A KV v2 secret's metadata (GET &lt;mount&gt;/metadata/&lt;path&gt;).</summary>
public sealed record KvMetadata
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    public required string Mount { get; init; }

    public required string Path { get; init; }

    public int CurrentVersion { get; init; }

    public int OldestVersion { get; init; }

    public int MaxVersions { get; init; }

    public bool CasRequired { get; init; }

    public string? DeleteVersionAfter { get; init; }

    public DateTimeOffset? CreatedTime { get; init; }

    public DateTimeOffset? UpdatedTime { get; init; }

    public IReadOnlyDictionary<string, string> CustomMetadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The versions Vault still keeps, oldest first.</summary>
    public IReadOnlyList<KvVersionInfo> Versions { get; init; } = Array.Empty<KvVersionInfo>();

    public KvVersionInfo? VersionInfo(int version) => Versions.FirstOrDefault(v => v.Version == version);
}
