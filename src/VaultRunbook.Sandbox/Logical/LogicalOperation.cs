namespace VaultRunbook.Sandbox.Logical;

/// <summary>Vault's logical operations (vault-api-notes §0.1). The audit log writes them in lower case.</summary>
internal enum LogicalOperation
{
    Read,
    Create,
    Update,
    Delete,
    List,
    Patch,
}
