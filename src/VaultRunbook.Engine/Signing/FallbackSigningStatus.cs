namespace VaultRunbook.Engine.Signing;

/// <summary>Get-FallbackSigningStatus: whether fallback signing is on (and why), the key file's state, and the last fallback signature.</summary>
public sealed record FallbackSigningStatus
{
    /// <summary>Whether a signature may fall back to the local key now: the rollout state, or ALLOW_FALLBACK_SIGNING.</summary>
    public required bool Enabled { get; init; }

    /// <summary>"rollout state", "ALLOW_FALLBACK_SIGNING=true", ...</summary>
    public required string EnabledBy { get; init; }

    public required string Store { get; init; }

    public required string KeyPath { get; init; }

    public required bool KeyExists { get; init; }

    public string? KeyId { get; init; }

    public int? KeyVersion { get; init; }

    public DateTimeOffset? KeyCreatedAt { get; init; }

    public TimeSpan? KeyAge { get; init; }

    public bool KeyReadableByOthers { get; init; }

    public int PreviousKeyCount { get; init; }

    /// <summary>When the last fallback signature in the action journal was made, its key name and node.</summary>
    public DateTimeOffset? LastFallbackSignature { get; init; }

    public string? LastFallbackKeyName { get; init; }

    public int FallbackSignatureCount { get; init; }

    public override string ToString() => $"fallback signing {(Enabled ? "on" : "off")} ({EnabledBy}), key {(KeyExists ? $"v{KeyVersion}" : "missing")}";
}
