using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>GET /v1/sys/seal-status (vault-api-notes §2.1). No token; any other method is 405.</summary>
internal sealed class SysSealStatusEndpoint(SandboxCore core)
{
    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/seal-status", RouteAccess.Unauthenticated, ("GET", Get));

    /// <summary>The seal-status object, fields in Vault's SealStatusResponse order (also the sys/unseal answer).</summary>
    public static SandboxResponse Render(SealStatus status)
    {
        var body = new GoJsonWriter().BeginObject()
            .String("type", VaultVersion.SealType)
            .Bool("initialized", status.Initialized)
            .Bool("sealed", status.Sealed)
            .Number("t", status.Threshold)
            .Number("n", status.Shares)
            .Number("progress", status.Progress)
            .String("nonce", status.Nonce)
            .String("version", VaultVersion.Number)
            .String("build_date", VaultVersion.BuildDate)
            .Bool("migration", false);
        if (!status.Sealed && status.ClusterName is not null && status.ClusterId is not null)
        {
            body.String("cluster_name", status.ClusterName).String("cluster_id", status.ClusterId);
        }

        body.Bool("recovery_seal", false)
            .String("storage_type", VaultVersion.StorageType);
        if (status.Initialized)
        {
            // Vault leaves removed_from_cluster out while there is no seal configuration yet.
            body.Bool("removed_from_cluster", false);
        }

        return SandboxResponse.Json(200, body.EndObject());
    }

    private ValueTask<SandboxResponse> Get(SandboxRequest request) =>
        ValueTask.FromResult(Render(core.GetSealStatus()));
}
