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

    /// <summary>
    /// A 2xx answer that is not JSON (Prometheus text, a binary snapshot) comes back as <see cref="VaultResponse.Text"/>
    /// or <see cref="VaultResponse.Bytes"/> instead of failing as an invalid response. An HTML page still fails.
    /// </summary>
    public bool AcceptNonJson { get; init; }

    /// <summary>
    /// A raw body instead of <see cref="Body"/> (a raft snapshot to restore), sent as application/octet-stream.
    /// Opened once per attempt (and per redirect), so the stream is read from its start each time.
    /// </summary>
    public Func<Stream>? RawBody { get; init; }

    /// <summary>
    /// Where a 2xx answer that is not JSON goes, streamed instead of held in memory (a raft snapshot to save). Called
    /// once per attempt: it must start its output over each time. The response then has <see cref="VaultResponse.Streamed"/> set.
    /// </summary>
    public Func<Stream, CancellationToken, Task>? ResponseSink { get; init; }

    public static VaultRequest Get(string path) => new() { Method = "GET", Path = path, Idempotent = true };
}
