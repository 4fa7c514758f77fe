using System.Text.Json.Serialization;

namespace VaultRunbook.Engine.Signing;

/// <summary>
/// The JSON of vault-fallback.json, format <c>vaultrunbook.fallback-signing-key/1</c>:
/// <code>
/// {
///   "format": "vaultrunbook.fallback-signing-key/1",
///   "algorithm": "ecdsa-p256",
///   "key_id": "fb-&lt;first 16 hex digits of SHA-256 of the DER public key&gt;",
///   "version": 2,
///   "created_at": "2026-12-05T11:00:00+00:00",
///   "private_key": "-----BEGIN PRIVATE KEY-----\n(PKCS#8)...",
///   "public_key": "-----BEGIN PUBLIC KEY-----\n(SubjectPublicKeyInfo)...",
///   "previous": [ { "version": 1, "key_id": "fb-...", "created_at": "...", "retired_at": "...", "public_key": "-----BEGIN PUBLIC KEY-----..." } ]
/// }
/// </code>
/// The file is owner-only (0600) and written atomically; previous holds only public keys, so signatures of retired
/// versions still verify after a rotation.
/// </summary>
internal sealed record FallbackKeyDocument
{
    public const string CurrentFormat = "vaultrunbook.fallback-signing-key/1";
    public const string Ecdsa = "ecdsa-p256";

    [JsonPropertyName("format")]
    public string Format { get; init; } = CurrentFormat;

    [JsonPropertyName("algorithm")]
    public string Algorithm { get; init; } = Ecdsa;

    [JsonPropertyName("key_id")]
    public required string KeyId { get; init; }

    [JsonPropertyName("version")]
    public required int Version { get; init; }

    [JsonPropertyName("created_at")]
    public required DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("private_key")]
    public required string PrivateKey { get; init; }

    [JsonPropertyName("public_key")]
    public required string PublicKey { get; init; }

    [JsonPropertyName("previous")]
    public IReadOnlyList<FallbackPublicKey> Previous { get; init; } = [];
}
