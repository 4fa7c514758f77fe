using System.Text.Json.Serialization;

namespace VaultRunbook.Engine.Signing;

/// <summary>A fallback key version's public half: what verifies its signatures after it was rotated out.</summary>
public sealed record FallbackPublicKey
{
    [JsonPropertyName("version")]
    public required int Version { get; init; }

    [JsonPropertyName("key_id")]
    public required string KeyId { get; init; }

    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("retired_at")]
    public DateTimeOffset? RetiredAt { get; init; }

    /// <summary>PEM SubjectPublicKeyInfo, as openssl reads it.</summary>
    [JsonPropertyName("public_key")]
    public required string PublicKey { get; init; }
}
