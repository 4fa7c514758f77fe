namespace VaultRunbook.Sandbox.Core;

/// <summary>The Vault build the sandbox impersonates.</summary>
internal static class VaultVersion
{
    /// <summary>Reported as <c>version</c> by sys/health and sys/seal-status.</summary>
    public const string Number = "1.19.0";

    /// <summary>Reported as <c>build_date</c> by sys/seal-status (a sandbox value, not HashiCorp's).</summary>
    public const string BuildDate = "2025-03-04T00:00:00Z";

    /// <summary>Reported as <c>storage_type</c>: the sandbox keeps its state in files and has no HA backend.</summary>
    public const string StorageType = "file";

    public const string SealType = "shamir";

    /// <summary>running_plugin_version of the built-in system, token, cubbyhole and identity mounts.</summary>
    public const string BuiltinVersion = "v" + Number + "+builtin.vault";

    /// <summary>running_plugin_version of the built-in KV engine (vault-plugin-secrets-kv) shipped with <see cref="Number"/>.</summary>
    public const string KvPluginVersion = "v0.21.0+builtin";
}
