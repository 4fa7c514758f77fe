using System.Net;
using System.Text.Json;

namespace VaultRunbook.Engine.Vault;

/// <summary>Vault's answer: the status and, when there is one, the parsed JSON body (or the text or bytes a raw request accepts).</summary>
public sealed record VaultResponse
{
    public required HttpStatusCode StatusCode { get; init; }

    /// <summary>The JSON body; null for 204 or HEAD.</summary>
    public JsonElement? Body { get; init; }

    /// <summary>A text answer that is not JSON, when the request accepts one (Prometheus metrics).</summary>
    public string? Text { get; init; }

    /// <summary>A binary answer, when the request accepts one.</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>True when the body went to the request's <see cref="VaultRequest.ResponseSink"/> instead of here.</summary>
    public bool Streamed { get; init; }

    /// <summary>The answer's media type (Content-Type without parameters), when it gave one.</summary>
    public string? MediaType { get; init; }

    public required TimeSpan Elapsed { get; init; }

    /// <summary>The address that answered, in canonical form.</summary>
    public required string Address { get; init; }

    /// <summary>Number of attempts it took (1 when the first one answered).</summary>
    public int Attempts { get; init; } = 1;

    public IReadOnlyList<string> Warnings =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("warnings", out var w) && w.ValueKind == JsonValueKind.Array
            ? w.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray()
            : Array.Empty<string>();
}
