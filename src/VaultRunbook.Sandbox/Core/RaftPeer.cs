namespace VaultRunbook.Sandbox.Core;

/// <summary>One server of the raft configuration (sys/storage/raft/configuration's config.servers[]).</summary>
internal sealed record RaftPeer(string NodeId, string Address, bool Leader, bool Voter);
