using System.Text.Json;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// Read-modify-write of one KV key at a time. A caller takes the key's lock, reads the key from
/// <see cref="SandboxCore.State"/>, decides, then saves: the lock makes the check (a CAS compare,
/// say) and the write one step for that key, while the core's own lock keeps the persisted state
/// whole when other keys change at the same moment.
/// </summary>
internal sealed class KvStore(SandboxCore core)
{
    private readonly StripedLocks _locks = new();

    /// <summary>Locks <paramref name="key"/> of <paramref name="mount"/> until the result is disposed.</summary>
    public Task<IDisposable> LockAsync(MountEntry mount, string key) => _locks.AcquireAsync(mount.Uuid + "\0" + key);

    /// <summary>The mount as it is now (null when sealed, or unmounted since the request was routed).</summary>
    public MountEntry? Current(MountEntry mount) =>
        core.State?.Mounts is { } mounts && mounts.TryGetValue(mount.Path, out MountEntry? now) && now.Uuid == mount.Uuid ? now : null;

    /// <summary>Stores (or with null removes) a KV v2 key. False when the server is sealed.</summary>
    public bool Save(MountEntry mount, string key, KvSecret? secret) =>
        Change(mount, m =>
        {
            var secrets = m.Secrets ?? System.Collections.Immutable.ImmutableDictionary<string, KvSecret>.Empty;
            return m with { Secrets = secret is null ? secrets.Remove(key) : secrets.SetItem(key, secret) };
        });

    /// <summary>Stores (or with null removes) a KV v1 entry. False when the server is sealed.</summary>
    public bool SaveEntry(MountEntry mount, string key, JsonElement? entry) =>
        Change(mount, m =>
        {
            var entries = m.Entries ?? System.Collections.Immutable.ImmutableDictionary<string, JsonElement>.Empty;
            return m with { Entries = entry is null ? entries.Remove(key) : entries.SetItem(key, entry.Value) };
        });

    /// <summary>Replaces the mount's KV v2 configuration. False when the server is sealed.</summary>
    public bool SaveConfig(MountEntry mount, KvConfig config) => Change(mount, m => m with { KvConfig = config });

    private bool Change(MountEntry mount, Func<MountEntry, MountEntry> change) =>
        core.Update(state =>
        {
            if (state.Mounts is null || !state.Mounts.TryGetValue(mount.Path, out MountEntry? current) || current.Uuid != mount.Uuid)
            {
                // Unmounted meanwhile: the write goes nowhere, as in Vault.
                return state;
            }

            return state with { Mounts = state.Mounts.SetItem(mount.Path, change(current)) };
        }) is not null;
}
