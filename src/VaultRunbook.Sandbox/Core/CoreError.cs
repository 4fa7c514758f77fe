namespace VaultRunbook.Sandbox.Core;

/// <summary>A request the core refuses: the HTTP status and Vault's message.</summary>
internal sealed record CoreError(int Status, string Message);
