namespace VaultRunbook.Engine.Tokens;

/// <summary>How a token was revoked (the Vault CLI's vault token revoke modes).</summary>
public enum TokenRevocationMode
{
    /// <summary>auth/token/revoke: the token and all its children.</summary>
    Token,

    /// <summary>auth/token/revoke-orphan: the token only; its children become orphans.</summary>
    Orphan,

    /// <summary>auth/token/revoke-accessor: the token named by its accessor, and its children.</summary>
    Accessor,

    /// <summary>sys/leases/revoke-prefix: every token issued under an auth path.</summary>
    Prefix,

    /// <summary>auth/token/revoke-self: the calling token and its children.</summary>
    Self,
}
