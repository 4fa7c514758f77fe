using System.Text.Json.Nodes;

namespace VaultRunbook.Engine.Vault;

/// <summary>One call to Vault's HTTP API. <see cref="Path"/> is relative to /v1/ (for example "sys/health").</summary>
public sealed record VaultRequest
{
    public required string Method { get; init; }

    public required string Path { get; init; }

    public IReadOnlyDictionary<string, string>? Query { get; init; }

    public JsonNode? Body { get; init; }

    /// <summary>Send X-Vault-Token. Off for the unauthenticated sys endpoints (health, seal-status, unseal, init).</summary>
    public bool Authenticated { get; init; } = true;

    /// <summary>Send X-Vault-Namespace. Off for Vault's restricted root-namespace endpoints.</summary>
    public bool UseNamespace { get; init; } = true;

    /// <summary>Safe to send again: transport failures, 5xx and 412 are retried with backoff (DESIGN rule 9).</summary>
    public bool Idempotent { get; init; }

    /// <summary>Status codes that are states to report, not errors (sys/health's 429, 473, 501, 503, ...).</summary>
    public IReadOnlySet<int>? AcceptedStatusCodes { get; init; }

    /// <summary>The answer is text, not JSON (sys/metrics' Prometheus exposition): a success returns it in <see cref="VaultResponse.Text"/>.</summary>
    public bool ExpectText { get; init; }

    public static VaultRequest Get(string path) => new() { Method = "GET", Path = path, Idempotent = true };
}
