using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Applies Vault's request policy around the routes: outside /v1/ → 404; a hand-written sys route
/// (health, seal-status, init, unseal, seal, leader) → method check, then its handler; any other
/// /v1/ path is logical: 503 while sealed, then the <see cref="LogicalPipeline"/> (token, route,
/// ACL, audit, handler).
/// </summary>
internal sealed class SandboxDispatcher(RouteTable routes, SandboxCore core, LogicalPipeline logical, RequestStatistics statistics)
{
    /// <summary>Answers the request and counts it (with its duration) for sys/metrics.</summary>
    public async ValueTask<SandboxResponse> DispatchAsync(SandboxRequest request)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        SandboxResponse response = await AnswerAsync(request).ConfigureAwait(false);
        statistics.Record(response.Status, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        return response;
    }

    private ValueTask<SandboxResponse> AnswerAsync(SandboxRequest request)
    {
        if (!request.Path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return ValueTask.FromResult(SandboxResponse.Errors(404));
        }

        Route? route = routes.Find(request.Path);
        if (route is not null)
        {
            return route.Handlers.TryGetValue(request.Method, out RouteHandler? open)
                ? open(request)
                : ValueTask.FromResult(SandboxResponse.Errors(405));
        }

        if (core.IsSealed)
        {
            return ValueTask.FromResult(SandboxResponse.Errors(503, "Vault is sealed"));
        }

        return logical.HandleAsync(request);
    }
}
