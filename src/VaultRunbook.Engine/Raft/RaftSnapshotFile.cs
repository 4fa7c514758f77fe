namespace VaultRunbook.Engine.Raft;

/// <summary>A raft snapshot saved to a file: where, how big, its SHA-256 (to record beside it), the node it came from and when.</summary>
public sealed record RaftSnapshotFile(string Path, long Length, string Sha256, string Address, DateTimeOffset TakenAt);
