namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// The raft configuration a node reports: its servers and the log index the configuration was committed at.
/// <see cref="ThisNodeOnly"/> is the single-node sandbox; a multi-node sandbox passes its own source to
/// <see cref="Endpoints.SandboxRoutes.Build"/> instead.
/// </summary>
internal sealed record RaftConfiguration(IReadOnlyList<RaftPeer> Servers, long Index)
{
    /// <summary>The single-node sandbox's node id.</summary>
    public const string SingleNodeId = "node1";

    /// <summary>Vault's default cluster address (api port + 1, here of the default 8200).</summary>
    public const string SingleNodeAddress = "127.0.0.1:8201";

    /// <summary>A single node: itself, leader and voter, from the bootstrap configuration (index 1).</summary>
    public static RaftConfiguration ThisNodeOnly() =>
        new([new RaftPeer(SingleNodeId, SingleNodeAddress, Leader: true, Voter: true)], Index: 1);

    /// <summary>
    /// A multi-node sandbox: every node, sealed or not, is a voter (node1, node2... in start order) at its cluster
    /// address; the leader is the active node, if one is.
    /// </summary>
    public static RaftConfiguration Of(Ha.SandboxHa cluster)
    {
        var active = cluster.Leader().Active;
        var members = cluster.Members;
        var servers = new List<RaftPeer>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            var address = new Uri(Ha.SandboxHaNode.ClusterAddressOf(members[i])).Authority;
            servers.Add(new RaftPeer($"node{i + 1}", address, Leader: ReferenceEquals(members[i], active), Voter: true));
        }

        return new RaftConfiguration(servers, Index: 1);
    }
}
