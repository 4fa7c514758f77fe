namespace VaultRunbook.Engine.Tokens;

/// <summary>
/// A token as auth/token/lookup-self or lookup-accessor describes it, without its id: the accessor names it, and
/// the next cmdlet (Revoke-VaultToken) binds it by that property.
/// </summary>
public sealed record VaultTokenInfo
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    public required string Accessor { get; init; }

    public string? DisplayName { get; init; }

    public IReadOnlyList<string> Policies { get; init; } = Array.Empty<string>();

    /// <summary>The path that issued the token (auth/token/create, auth/approle/login, auth/token/root).</summary>
    public string? Path { get; init; }

    public DateTimeOffset? CreationTime { get; init; }

    /// <summary>Null for a token that never expires (a root token).</summary>
    public DateTimeOffset? ExpireTime { get; init; }

    public TimeSpan Ttl { get; init; }

    public TimeSpan ExplicitMaxTtl { get; init; }

    public bool Orphan { get; init; }

    public bool? Renewable { get; init; }

    public long NumUses { get; init; }

    /// <summary>service or batch.</summary>
    public string? Type { get; init; }

    public string? EntityId { get; init; }

    public IReadOnlyDictionary<string, string> Meta { get; init; } = new Dictionary<string, string>();

    public override string ToString() => $"{DisplayName} ({Accessor})";
}
