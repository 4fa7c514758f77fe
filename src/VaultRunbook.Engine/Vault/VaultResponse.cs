using System.Net;
using System.Text.Json;

namespace VaultRunbook.Engine.Vault;

/// <summary>Vault's answer: the status and, when there is one, the parsed JSON body.</summary>
public sealed record VaultResponse
{
    public required HttpStatusCode StatusCode { get; init; }

    /// <summary>The JSON body; null for 204 or HEAD.</summary>
    public JsonElement? Body { get; init; }

    /// <summary>The raw body of a success to a request that expects text (<see cref="VaultRequest.ExpectText"/>).</summary>
    public string? Text { get; init; }

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
