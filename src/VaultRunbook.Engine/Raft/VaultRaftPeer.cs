namespace VaultRunbook.Engine.Raft;

/// <summary>
/// One server of a node's raft configuration (sys/storage/raft/configuration), like a row of
/// <c>vault operator raft list-peers</c>. <see cref="Address"/> is the node that was asked (so the record pipes into
/// other node cmdlets); <see cref="ClusterAddress"/> is the peer's raft address as Vault reports it.
/// </summary>
public sealed record VaultRaftPeer(
    string Address,
    string NodeId,
    string ClusterAddress,
    bool Leader,
    bool Voter,
    string ProtocolVersion,
    long ConfigurationIndex);
