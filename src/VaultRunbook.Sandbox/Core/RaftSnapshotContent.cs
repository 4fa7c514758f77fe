namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// A snapshot read back from its archive, its checksums verified: the seal file and the barrier-encrypted state it
/// carries, and SHA256SUMS with its sealed copy (which only the barrier key that took it opens).
/// </summary>
internal sealed record RaftSnapshotContent(SealFile Seal, byte[] EncryptedState, byte[] Sums, byte[] SealedSums);
