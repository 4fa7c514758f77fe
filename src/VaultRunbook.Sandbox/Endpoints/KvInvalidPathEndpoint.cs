using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// Any other path on a KV v2 mount (e.g. "secret/foo", a v1-style path): Vault's KV plugin answers
/// 404 with an envelope carrying this warning. Added last, so the real routes match first.
/// </summary>
internal sealed class KvInvalidPathEndpoint
{
    public const string Warning =
        "Invalid path for a versioned K/V secrets engine. See the API docs for the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this operation.";

    public void Map(LogicalRouteTable routes) =>
        routes.Map(
            ".*",
            exists: null,
            (LogicalOperation.Read, Invalid),
            (LogicalOperation.Update, Invalid),
            (LogicalOperation.Delete, Invalid),
            (LogicalOperation.List, Invalid));

    private static ValueTask<LogicalResponse> Invalid(LogicalRequest request) =>
        ValueTask.FromResult(LogicalResponse.Raw(request, 404, new LogicalResponse { Warnings = [Warning] }));
}
