using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Audit;

/// <summary>What a response audit entry says about the answer (the mount fields come from the request).</summary>
internal sealed record AuditResponse(JsonObject? Data)
{
    /// <summary>A token the response issued (its client_token and accessor are hashed).</summary>
    public TokenEntry? IssuedToken { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The response carried a secret (a lease), written as "secret":{}.</summary>
    public bool HasSecret { get; init; }
}
