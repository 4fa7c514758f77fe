namespace VaultRunbook.Sandbox.Core;

/// <summary>What sys/init hands out once: the key shares and the root token.</summary>
internal sealed record InitResult(IReadOnlyList<byte[]> KeyShares, string RootToken);
