namespace VaultRunbook.Cmdlets.Audit;

/// <summary>Completes -Operation with the operations Vault writes in request.operation (sdk/logical's Operation values).</summary>
public sealed class AuditOperationCompleter : FixedValueCompleter
{
    private static readonly (string, string)[] Operations =
    [
        ("create", "Write to a path that does not exist yet (POST/PUT when the backend tells create from update)"),
        ("read", "GET"),
        ("update", "POST or PUT"),
        ("patch", "PATCH (KV v2 patch, JSON merge patch)"),
        ("delete", "DELETE"),
        ("list", "LIST, or GET with ?list=true"),
        ("help", "GET with ?help=1"),
        ("renew", "A lease or token renewal"),
        ("revoke", "A lease or token revocation"),
        ("rollback", "A rollback of a backend's write-ahead log entry"),
        ("alias-lookahead", "The entity alias lookahead of a login"),
        ("resolve-role", "The role resolution of a login"),
        ("header", "A header lookup some auth methods make"),
        ("recover", "The recovery of a secret from a loaded snapshot"),
    ];

    protected override IReadOnlyList<(string Value, string Tooltip)> Values => Operations;
}
