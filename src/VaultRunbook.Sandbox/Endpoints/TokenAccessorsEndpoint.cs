using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// LIST auth/token/accessors (or GET ?list=true): the accessors of every live token, sorted as
/// Vault's storage lists them, in data.keys. A root path: sudo only (<see cref="SandboxAcl.RequiresSudo"/>).
/// </summary>
internal sealed class TokenAccessorsEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("accessors/?", exists: null, (LogicalOperation.List, List));

    private ValueTask<LogicalResponse> List(LogicalRequest request)
    {
        string[] accessors = core.State is { } state
            ? [.. TokenTree.Live(state).Select(t => t.Accessor).Order(StringComparer.Ordinal)]
            : [];
        return ValueTask.FromResult(accessors.Length == 0
            ? LogicalResponse.NotFound
            : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. accessors.Select(a => (JsonNode?)a)]) }));
    }
}
