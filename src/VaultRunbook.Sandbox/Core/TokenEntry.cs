namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// A token the sandbox knows: the root token or one made by auth/token/create. Times are Unix
/// seconds; <see cref="Ttl"/> 0 means the token never expires (root tokens).
/// </summary>
internal sealed record TokenEntry(
    string Id,
    string Accessor,
    IReadOnlyList<string> Policies,
    string Path,
    string DisplayName,
    long CreationTime)
{
    public long Ttl { get; init; }

    public long ExplicitMaxTtl { get; init; }

    public bool Orphan { get; init; } = true;

    public bool Renewable { get; init; }

    public int NumUses { get; init; }

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    /// <summary>The accessor of the token that created this one, when it is not an orphan.</summary>
    public string? ParentAccessor { get; init; }

    public bool IsRoot => Policies.Contains("root", StringComparer.Ordinal);

    /// <summary>Null for a token that never expires.</summary>
    public DateTimeOffset? ExpireTime => Ttl > 0 ? DateTimeOffset.FromUnixTimeSeconds(CreationTime + Ttl) : null;
}
