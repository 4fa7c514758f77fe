namespace VaultRunbook.Engine.Secrets;

/// <summary>A secrets mount as the CLI's preflight (sys/internal/ui/mounts) reports it.</summary>
public sealed record KvMount(string Path, string Type, int Version)
{
    /// <summary>The mount path without its trailing slash, as it is used in API paths.</summary>
    public string Name => Path.TrimEnd('/');
}
