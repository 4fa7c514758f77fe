using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET /v1/sys/rekey/init: the rekey status (Vault's RekeyStatusResponse), which `vault operator
/// rekey -status` reads. The sandbox never rekeys, so no attempt is ever running: started false,
/// t and n 0, progress 0, required the unseal threshold. Like generate-root, it needs no token up
/// to Vault 1.21; not initialised → 400, sealed → 503. Starting a rekey (PUT) is not served (405).
/// </summary>
internal sealed class SysRekeyInitEndpoint(SandboxCore core)
{
    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/rekey/init", RouteAccess.Unauthenticated, ("GET", Get));

    private ValueTask<SandboxResponse> Get(SandboxRequest request)
    {
        SealStatus status = core.GetSealStatus();
        if (!status.Initialized)
        {
            return ValueTask.FromResult(SandboxResponse.Errors(400, "server is not yet initialized"));
        }

        if (status.Sealed)
        {
            return ValueTask.FromResult(SandboxResponse.Errors(503, "Vault is sealed"));
        }

        var body = new GoJsonWriter().BeginObject()
            .String("nonce", string.Empty)
            .Bool("started", false)
            .Number("t", 0)
            .Number("n", 0)
            .Number("progress", 0)
            .Number("required", status.Threshold)
            .Null("pgp_fingerprints")
            .Bool("backup", false)
            .Bool("verification_required", false)
            .EndObject();
        return ValueTask.FromResult(SandboxResponse.Json(200, body));
    }
}
