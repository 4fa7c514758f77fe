using VaultRunbook.Sandbox.Audit;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Ha;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// PUT|POST /v1/sys/step-down (vault-api-notes §2.4): 204. As Vault's Core.StepDown: nothing happens (still 204)
/// when the node is sealed or not part of an HA cluster; a standby forwards the call to the active node (the
/// dispatcher does); the token needs sudo on sys/step-down (root, or a "sys/step-down+sudo" policy), else 403
/// "permission denied"; the request is audited. The active node then gives up leadership: another unsealed
/// node takes it, or, with none, the same node takes it back after the cluster's step-down hold-off.
/// </summary>
internal sealed class SysStepDownEndpoint(SandboxCore core, AuditBroker audit, SandboxHaNode? ha)
{
    private const string Path = "sys/step-down";

    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/step-down", RouteAccess.Unauthenticated, ("PUT", Put), ("POST", Put));

    private ValueTask<SandboxResponse> Put(SandboxRequest request)
    {
        SandboxState? state = core.State;
        if (state is null || ha is null)
        {
            return ValueTask.FromResult(SandboxResponse.NoContent);
        }

        TokenEntry? auth = core.LookupToken(request.Token);
        AuditRequest entry = SysRequestAudit.Entry(state, auth, request, Path);
        if (auth is null || !SandboxAcl.HasSudo(auth, Path))
        {
            audit.LogRequest(entry with { Allowed = auth is null ? null : false }, "permission denied");
            return ValueTask.FromResult(SandboxResponse.Errors(403, "permission denied"));
        }

        if (!audit.LogRequest(entry with { Allowed = true, GrantingPolicy = SandboxAcl.GrantingPolicy(auth, Path) }, error: null))
        {
            return ValueTask.FromResult(SandboxResponse.Errors(500, "failed to audit request, cannot continue"));
        }

        ha.Cluster.StepDown(ha.Self);
        return ValueTask.FromResult(SandboxResponse.NoContent);
    }
}
