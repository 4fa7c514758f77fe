using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// A request on a logical path after Vault's HTTP layer: the operation, the path without "/v1/" (a
/// list gets a trailing "/"), the request data (the JSON body, or the query for GET and DELETE) and
/// the caller's token. Handlers must not change <see cref="Data"/>: the audit log writes it after them.
/// </summary>
internal sealed record LogicalRequest(
    string Id,
    LogicalOperation Operation,
    string Path,
    MountEntry Mount,
    string MountType,
    string RelativePath,
    JsonObject? Data,
    TokenEntry? Auth,
    SandboxRequest Http)
{
    /// <summary>The named groups the route pattern captured ("path" for KV).</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>The policy that allowed the request (for the audit log's policy_results).</summary>
    public string? GrantingPolicy { get; init; }

    public string Param(string name) => Params.TryGetValue(name, out string? value) ? value : string.Empty;
}
