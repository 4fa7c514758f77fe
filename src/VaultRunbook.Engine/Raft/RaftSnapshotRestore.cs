namespace VaultRunbook.Engine.Raft;

/// <summary>
/// A raft snapshot restored to a node: the file (its length and SHA-256), whether the barrier-key check was skipped
/// (snapshot-force), and whether the node is sealed afterwards (a forced snapshot of another cluster leaves it
/// sealed, waiting for that cluster's unseal keys). <see cref="Sealed"/> is null when the node did not say.
/// </summary>
public sealed record RaftSnapshotRestore(string Address, string Path, long Length, string Sha256, bool Forced, bool? Sealed, DateTimeOffset RestoredAt);
