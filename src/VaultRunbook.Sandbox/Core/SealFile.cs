namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// The seal configuration as stored outside the barrier (Vault keeps it in plaintext too, which is
/// how t and n are known while sealed), plus the barrier key encrypted under the unseal key.
/// </summary>
internal sealed record SealFile(int FormatVersion, string Type, int SecretShares, int SecretThreshold, string EncryptedBarrierKey);
