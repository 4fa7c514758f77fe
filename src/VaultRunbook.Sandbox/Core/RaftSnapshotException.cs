namespace VaultRunbook.Sandbox.Core;

/// <summary>A snapshot that cannot be read (not gzip, truncated, a file missing, a checksum that does not match).</summary>
internal sealed class RaftSnapshotException(string message, Exception? inner = null) : Exception(message, inner);
