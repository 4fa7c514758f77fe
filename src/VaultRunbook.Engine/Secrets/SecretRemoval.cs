namespace VaultRunbook.Engine.Secrets;

/// <summary>What Remove-VaultSecret does to a secret.</summary>
public enum SecretRemoval
{
    /// <summary>`vault kv delete`: soft-delete the latest version (or the given versions); undelete brings it back. KV v1: delete the secret.</summary>
    Delete,

    /// <summary>`vault kv undelete`: bring soft-deleted versions back.</summary>
    Undelete,

    /// <summary>`vault kv destroy`: remove the data of the given versions for good.</summary>
    Destroy,

    /// <summary>`vault kv metadata delete`: remove every version and the metadata for good.</summary>
    Metadata,
}
