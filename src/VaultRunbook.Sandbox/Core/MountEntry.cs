using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// One entry of the secrets-engine mount table (what sys/mounts lists) and, for a KV mount, its data:
/// <see cref="Secrets"/> for version 2, <see cref="Entries"/> for version 1.
/// </summary>
internal sealed record MountEntry(string Path, string Type, string Description, string Accessor, string Uuid)
{
    /// <summary>The mount options as Vault stores them (map[string]string); null when none were given.</summary>
    public ImmutableDictionary<string, string>? Options { get; init; }

    public bool Local { get; init; }

    /// <summary>The mount's tuned default lease TTL in seconds; 0 uses the system default.</summary>
    public long DefaultLeaseTtl { get; init; }

    /// <summary>The mount's tuned max lease TTL in seconds; 0 uses the system default.</summary>
    public long MaxLeaseTtl { get; init; }

    public bool SealWrap { get; init; }

    /// <summary>The KV v2 mount configuration (config endpoint).</summary>
    public KvConfig? KvConfig { get; init; }

    /// <summary>KV v2 secrets (metadata and versions), keyed by path inside the mount.</summary>
    public ImmutableDictionary<string, KvSecret>? Secrets { get; init; }

    /// <summary>KV v1 entries (a flat JSON object each), keyed by path inside the mount.</summary>
    public ImmutableDictionary<string, JsonElement>? Entries { get; init; }

    /// <summary>An AppRole auth mount's roles, keyed by name.</summary>
    public ImmutableDictionary<string, AppRole>? AppRoles { get; init; }

    /// <summary>A transit mount's named keys, keyed by name.</summary>
    public ImmutableDictionary<string, Transit.TransitKey>? TransitKeys { get; init; }

    /// <summary>2 for a versioned KV mount, 1 for a plain one, 0 for another engine.</summary>
    [JsonIgnore]
    public int KvVersion => Type != "kv" ? 0 : Options is not null && Options.TryGetValue("version", out string? v) && v == "2" ? 2 : 1;

    /// <summary>"secret" for secrets engines and "auth" for auth methods, as Vault's audit log names the mount class.</summary>
    [JsonIgnore]
    public string MountClass => Path.StartsWith("auth/", StringComparison.Ordinal) ? "auth" : "secret";

    /// <summary>The version Vault reports as running_plugin_version for this built-in engine.</summary>
    [JsonIgnore]
    public string RunningVersion => Type == "kv" ? VaultVersion.KvPluginVersion : VaultVersion.BuiltinVersion;
}
