using VaultRunbook.Sandbox.Audit;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Ha;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// PUT|POST /v1/sys/seal (vault-api-notes §2.3). Needs the root token; 204. Like Vault, a server
/// that is already sealed answers 204 without looking at the token (it cannot check one while
/// sealed). Like Vault, it writes a request audit entry (§0.6) before sealing, and one with the
/// error "permission denied" when the token is refused. An unsealed standby of an HA cluster refuses
/// (500, as Vault's sealInitCommon: a standby has no token store; restart it instead).
/// </summary>
internal sealed class SysSealEndpoint(SandboxCore core, AuditBroker audit, SandboxHaNode? ha = null)
{
    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/seal", RouteAccess.Unauthenticated, ("PUT", Put), ("POST", Put));

    private ValueTask<SandboxResponse> Put(SandboxRequest request)
    {
        SandboxState? state = core.State;
        if (state is null)
        {
            return ValueTask.FromResult(SandboxResponse.NoContent);
        }

        if (ha is { IsActive: false })
        {
            return ValueTask.FromResult(SandboxResponse.Errors(500, "vault cannot seal when in standby mode; please restart instead"));
        }

        TokenEntry? auth = core.LookupToken(request.Token);
        AuditRequest entry = SysRequestAudit.Entry(state, auth, request, "sys/seal");
        if (auth is null || !auth.IsRoot)
        {
            audit.LogRequest(entry with { Allowed = auth is null ? null : false }, "permission denied");
            return ValueTask.FromResult(SandboxResponse.Errors(403, "permission denied"));
        }

        if (!audit.LogRequest(entry with { Allowed = true, GrantingPolicy = "root" }, error: null))
        {
            return ValueTask.FromResult(SandboxResponse.Errors(500, "failed to audit request, cannot continue"));
        }

        core.Seal();
        return ValueTask.FromResult(SandboxResponse.NoContent);
    }
}
