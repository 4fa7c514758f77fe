using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Tokens;

/// <summary>The auth block of a login: the new token (redacted) and what Vault says about it.</summary>
public sealed record VaultLogin
{
    public required string Address { get; init; }

    public string? Namespace { get; init; }

    public required SensitiveString Token { get; init; }

    public required string Accessor { get; init; }

    public IReadOnlyList<string> Policies { get; init; } = Array.Empty<string>();

    public TimeSpan LeaseDuration { get; init; }

    public bool Renewable { get; init; }

    public bool Orphan { get; init; }

    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}
