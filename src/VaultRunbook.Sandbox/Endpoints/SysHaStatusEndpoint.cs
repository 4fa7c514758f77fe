using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Ha;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET sys/ha-status (vault-api-notes §2.6; data injected at the top level): served by the active node (a standby
/// forwards it), which lists itself first, then every standby that heartbeats to it, i.e. the unsealed ones (a
/// sealed standby does not echo, so Vault does not list it). Fields in Vault's HAStatusNode order; the
/// Enterprise-only upgrade_version and redundancy_zone are left out. Mapped only on a node of an HA cluster.
/// </summary>
internal sealed class SysHaStatusEndpoint(SandboxHaNode ha)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("ha-status", exists: null, (LogicalOperation.Read, Read));

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        IHaMember self = ha.Self;
        DateTime now = DateTime.UtcNow;
        var nodes = new JsonArray { Node(self, active: true, lastEcho: null) };
        foreach (IHaMember member in ha.Cluster.Members)
        {
            if (!ReferenceEquals(member, self) && member.RunningCore is { IsSealed: false })
            {
                // In process every standby is one heartbeat away: its last echo is now.
                nodes.Add(Node(member, active: false, lastEcho: GoTime.Rfc3339Nano(now)));
            }
        }

        return ValueTask.FromResult(new LogicalResponse { Data = new JsonObject { ["nodes"] = nodes }, InjectData = true });
    }

    private static JsonObject Node(IHaMember member, bool active, string? lastEcho) => new()
    {
        ["hostname"] = $"sandbox-node-{member.Index}",
        ["api_address"] = member.Address,
        ["cluster_address"] = SandboxHaNode.ClusterAddressOf(member),
        ["active_node"] = active,
        ["last_echo"] = lastEcho,
        ["echo_duration_ms"] = 0,
        ["clock_skew_ms"] = 0,
        ["version"] = VaultVersion.Number,
        ["replication_primary_canary_age_ms"] = 0,
    };
}
