using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// Where a secret lives once its path has been resolved the way the Vault CLI resolves it: the mount (without its
/// trailing slash), the path inside the mount, and the mount's KV version (1 or 2).
/// </summary>
public sealed record KvLocation(string Mount, string Path, int KvVersion)
{
    /// <summary>KV v2: versions, check-and-set, patch, undelete and destroy exist.</summary>
    public bool Versioned => KvVersion >= 2;

    /// <summary>mount/path, as the CLI names it.</summary>
    public string Target => $"{Mount}/{Path}";

    /// <summary>Set when the given path could be read two ways: which reading was used (for a warning).</summary>
    public string? Ambiguity { get; init; }

    /// <summary>Set when the mount was not named by the path but taken by default (for -Verbose).</summary>
    public string? Note { get; init; }

    /// <summary>Which mount and path are used (for -Verbose).</summary>
    public string Description => $"{Target}: mount '{Mount}/' (KV v{KvVersion}), path '{Path}'";

    /// <summary>Refuses a KV v2-only operation on a KV v1 mount, before anything is sent.</summary>
    public void RequireVersioned(string what)
    {
        if (!Versioned)
        {
            throw new KvException(
                "VaultRunbook.Secret.NotVersioned",
                ErrorKind.InvalidOperation,
                $"{Target} is on the KV version 1 mount '{Mount}/', which keeps no versions: {what} needs KV v2. Nothing was sent.",
                Target);
        }
    }
}
