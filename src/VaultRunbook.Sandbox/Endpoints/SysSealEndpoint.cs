using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// PUT|POST /v1/sys/seal (vault-api-notes §2.3). Needs the root token; 204. Like Vault, a server
/// that is already sealed answers 204 without looking at the token (it cannot check one while sealed).
/// </summary>
internal sealed class SysSealEndpoint(SandboxCore core)
{
    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/seal", RouteAccess.Unauthenticated, ("PUT", Put), ("POST", Put));

    private ValueTask<SandboxResponse> Put(SandboxRequest request)
    {
        if (core.IsSealed)
        {
            return ValueTask.FromResult(SandboxResponse.NoContent);
        }

        TokenEntry? auth = core.LookupToken(request.Token);
        if (auth is null || !auth.Policies.Contains("root"))
        {
            return ValueTask.FromResult(SandboxResponse.Errors(403, "permission denied"));
        }

        core.Seal();
        return ValueTask.FromResult(SandboxResponse.NoContent);
    }
}
