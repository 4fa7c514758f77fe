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

    /// <summary>When the token was last renewed (Unix seconds); null until its first renewal.</summary>
    public long? LastRenewalTime { get; init; }

    /// <summary>The TTL the last renewal gave (seconds); null until its first renewal.</summary>
    public long? RenewedTtl { get; init; }

    public bool IsRoot => Policies.Contains("root", StringComparer.Ordinal);

    /// <summary>The current lease in seconds: the creation TTL, or the one the last renewal gave. 0: no lease.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public long Lease => RenewedTtl ?? Ttl;

    /// <summary>Null for a token that never expires.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset? ExpireTime => Lease > 0 ? DateTimeOffset.FromUnixTimeSeconds((LastRenewalTime ?? CreationTime) + Lease) : null;
}
