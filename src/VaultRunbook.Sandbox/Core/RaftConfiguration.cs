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
}
