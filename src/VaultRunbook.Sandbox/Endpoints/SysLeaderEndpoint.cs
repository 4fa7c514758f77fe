using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET /v1/sys/leader (vault-api-notes §2.5). The sandbox has no HA storage, so it answers like a
/// Vault without an HA backend: 200 with ha_enabled=false whatever the seal state or role knob.
/// </summary>
internal sealed class SysLeaderEndpoint
{
    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/leader", RouteAccess.Unauthenticated, ("GET", Get));

    private static ValueTask<SandboxResponse> Get(SandboxRequest request)
    {
        // LeaderResponse order; last_wal and the raft indexes are omitempty and 0 here.
        var body = new GoJsonWriter().BeginObject()
            .Bool("ha_enabled", false)
            .Bool("is_self", false)
            .String("active_time", "0001-01-01T00:00:00Z")
            .String("leader_address", string.Empty)
            .String("leader_cluster_address", string.Empty)
            .Bool("performance_standby", false)
            .Number("performance_standby_last_remote_wal", 0)
            .EndObject();
        return ValueTask.FromResult(SandboxResponse.Json(200, body));
    }
}
