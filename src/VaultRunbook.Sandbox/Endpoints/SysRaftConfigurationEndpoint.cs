using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET sys/storage/raft/configuration (vault-api-notes §10): data.config = {servers: [{node_id, address, leader,
/// protocol_version, voter}], index}. protocol_version is "3" as current servers send it
/// (strconv.Itoa(raft.ProtocolVersionMax)). The servers come from the configuration source the routes were built
/// with: this node only, unless a multi-node sandbox passes its own.
/// </summary>
internal sealed class SysRaftConfigurationEndpoint(Func<RaftConfiguration> configuration)
{
    private const string ProtocolVersion = "3";

    public void Map(LogicalRouteTable routes) =>
        routes.Map("storage/raft/configuration", exists: null, (LogicalOperation.Read, Read));

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        RaftConfiguration current = configuration();
        var servers = new JsonArray();
        foreach (RaftPeer peer in current.Servers)
        {
            // The logical layer sends the keys sorted, as in the documented body.
            servers.Add(new JsonObject
            {
                ["node_id"] = peer.NodeId,
                ["address"] = peer.Address,
                ["leader"] = peer.Leader,
                ["protocol_version"] = ProtocolVersion,
                ["voter"] = peer.Voter,
            });
        }

        var config = new JsonObject { ["index"] = current.Index, ["servers"] = servers };
        return ValueTask.FromResult(LogicalResponse.Ok(new JsonObject { ["config"] = config }));
    }
}
