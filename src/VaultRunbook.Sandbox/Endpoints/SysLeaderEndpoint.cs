using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Ha;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET /v1/sys/leader (vault-api-notes §2.5). A single sandbox has no HA storage, so it answers like a Vault
/// without an HA backend: 200 with ha_enabled=false whatever the seal state or role knob. A node of an HA cluster
/// (<paramref name="ha"/>) answers 503 "Vault is sealed" while sealed, else ha_enabled=true with the active
/// node's addresses (empty while no node leads) and active_time only on the active node itself.
/// </summary>
internal sealed class SysLeaderEndpoint(SandboxCore core, SandboxHaNode? ha = null)
{
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/leader", RouteAccess.Unauthenticated, ("GET", Get));

    private ValueTask<SandboxResponse> Get(SandboxRequest request)
    {
        if (ha is not null && core.IsSealed)
        {
            return ValueTask.FromResult(SandboxResponse.Errors(503, "Vault is sealed"));
        }

        HaLeader? leader = ha?.Cluster.Leader();
        bool isSelf = leader is not null && ReferenceEquals(leader.Active, ha!.Self);

        // LeaderResponse order; last_wal and the raft indexes are omitempty and 0 here.
        var body = new GoJsonWriter().BeginObject()
            .Bool("ha_enabled", ha is not null)
            .Bool("is_self", isSelf)
            .String("active_time", isSelf ? GoTime.Rfc3339Nano(leader!.ActiveSince.UtcDateTime) : ZeroTime)
            .String("leader_address", leader?.Active?.Address ?? string.Empty)
            .String("leader_cluster_address", leader?.Active is { } active ? SandboxHaNode.ClusterAddressOf(active) : string.Empty)
            .Bool("performance_standby", false)
            .Number("performance_standby_last_remote_wal", 0)
            .EndObject();
        return ValueTask.FromResult(SandboxResponse.Json(200, body));
    }
}
