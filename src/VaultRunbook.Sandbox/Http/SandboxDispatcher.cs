using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Ha;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Applies Vault's request policy around the routes: outside /v1/ → 404; a hand-written sys route
/// (health, seal-status, init, unseal, seal, leader) → method check, then its handler; any other
/// /v1/ path is logical: 503 while sealed, then the <see cref="LogicalPipeline"/> (token, route,
/// ACL, audit, handler). On a standby of an HA cluster (<paramref name="ha"/>), logical requests and the
/// sys handlers Vault wraps in request forwarding (step-down, generate-root, rekey) go to the active node.
/// </summary>
internal sealed class SandboxDispatcher(RouteTable routes, SandboxCore core, LogicalPipeline logical, RequestStatistics statistics, SandboxHaNode? ha = null)
{
    // Hand-written routes a standby passes to the active node: forwarded, or for the raft snapshot paths redirected (SandboxHaNode).
    private static readonly string[] ForwardedRoutes = ["/v1/sys/step-down", "/v1/sys/generate-root/", "/v1/sys/rekey/", .. SandboxHaNode.AlwaysRedirectPaths];

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
            if (ha is not null && ForwardedRoutes.Any(p => request.Path.StartsWith(p, StringComparison.Ordinal)) && !core.IsSealed && !ha.IsActive)
            {
                return ha.ForwardAsync(request);
            }

            return route.Handlers.TryGetValue(request.Method, out RouteHandler? open)
                ? open(request)
                : ValueTask.FromResult(SandboxResponse.Errors(405));
        }

        if (core.IsSealed)
        {
            return ValueTask.FromResult(SandboxResponse.Errors(503, "Vault is sealed"));
        }

        if (ha is not null && !ha.IsActive)
        {
            return ha.ForwardAsync(request);
        }

        return logical.HandleAsync(request);
    }
}
