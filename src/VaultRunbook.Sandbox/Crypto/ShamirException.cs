namespace VaultRunbook.Sandbox.Crypto;

/// <summary>A Shamir split or combine that cannot be done (message text as Vault's shamir package words it).</summary>
internal sealed class ShamirException(string message) : Exception(message);
