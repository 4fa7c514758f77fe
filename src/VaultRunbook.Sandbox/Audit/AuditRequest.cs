using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Audit;

/// <summary>
/// What an audit entry says about a request: the caller (its token, possibly unknown), the request
/// and the mount that serves it. Values are in clear; each device hashes them as its options say.
/// </summary>
internal sealed record AuditRequest(string Id, string Operation, string Path)
{
    /// <summary>The token the client sent, known or not (hashed in the entry, never written in clear unless log_raw).</summary>
    public string? ClientToken { get; init; }

    /// <summary>The token's entry when the token is valid.</summary>
    public TokenEntry? Auth { get; init; }

    public JsonObject? Data { get; init; }

    public string? MountPoint { get; init; }

    public string? MountType { get; init; }

    public string? MountAccessor { get; init; }

    public string? MountClass { get; init; }

    public string? MountRunningVersion { get; init; }

    public string? RemoteAddress { get; init; }

    public int RemotePort { get; init; }

    /// <summary>True/false once the ACL was checked (policy_results); null when it was not.</summary>
    public bool? Allowed { get; init; }

    public string? GrantingPolicy { get; init; }

    /// <summary>Entries written without a namespace (the enable-time test probe has one too).</summary>
    public bool HasNamespace { get; init; } = true;
}
