namespace VaultRunbook.Sandbox.Logical;

/// <summary>Whether the item a write targets exists: decides between Vault's create and update operations.</summary>
internal delegate bool LogicalExistenceCheck(LogicalRequest request);
