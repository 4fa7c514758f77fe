using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Applies Vault's request policy around the route table:
/// outside /v1/ → 404; a hand-written sys route → method check, then its handler;
/// any other /v1/ path (logical) → 503 while sealed, 403 without a valid token, 404 when unknown,
/// 405 for a method the route lacks.
/// </summary>
internal sealed class SandboxDispatcher(RouteTable routes, SandboxCore core)
{
    public ValueTask<SandboxResponse> DispatchAsync(SandboxRequest request)
    {
        if (!request.Path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return ValueTask.FromResult(SandboxResponse.Errors(404));
        }

        Route? route = routes.Find(request.Path);
        if (route is { Access: RouteAccess.Unauthenticated })
        {
            return route.Handlers.TryGetValue(request.Method, out RouteHandler? open)
                ? open(request)
                : ValueTask.FromResult(SandboxResponse.Errors(405));
        }

        if (core.IsSealed)
        {
            return ValueTask.FromResult(SandboxResponse.Errors(503, "Vault is sealed"));
        }

        TokenEntry? auth = core.LookupToken(request.Token);
        if (auth is null)
        {
            return ValueTask.FromResult(SandboxResponse.Errors(403, "permission denied"));
        }

        if (route is null)
        {
            return ValueTask.FromResult(SandboxResponse.Errors(404));
        }

        return route.Handlers.TryGetValue(request.Method, out RouteHandler? handler)
            ? handler(request with { Auth = auth })
            : ValueTask.FromResult(SandboxResponse.Errors(405));
    }
}
