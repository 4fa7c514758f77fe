namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// What <see cref="SandboxCore.WithBarrier{T}"/> lends to a raft snapshot while it holds the core's lock: the
/// barrier key, the seal file, the state blob as stored (encrypted under the barrier key) and the state itself.
/// Valid only inside the call; the key must not be kept.
/// </summary>
internal sealed record BarrierView(byte[] BarrierKey, SealFile Seal, byte[] EncryptedState, SandboxState State);
