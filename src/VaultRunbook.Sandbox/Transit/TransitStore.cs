using System.Collections.Immutable;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// The keys of transit mounts, kept in the mount entry behind the barrier: a read sees the state as
/// it is now, a change goes through <see cref="SandboxCore.Update"/> (one lock, persisted before it
/// returns), so a create or rotate decides and writes in one step.
/// </summary>
internal sealed class TransitStore(SandboxCore core)
{
    /// <summary>The mount as it is now (null when sealed, or unmounted since the request was routed).</summary>
    public MountEntry? Current(MountEntry mount) =>
        core.State?.Mounts is { } mounts && mounts.TryGetValue(mount.Path, out MountEntry? now) && now.Uuid == mount.Uuid ? now : null;

    public TransitKey? Find(MountEntry mount, string name) => Current(mount)?.TransitKeys?.GetValueOrDefault(name);

    /// <summary>
    /// Stores <paramref name="created"/> unless a key of that name exists (Vault's upsert keeps the
    /// existing key). Returns the key now stored and whether it was already there; null when sealed
    /// or unmounted.
    /// </summary>
    public (TransitKey Key, bool Existed)? Create(MountEntry mount, TransitKey created)
    {
        TransitKey? stored = null;
        bool existed = false;
        SandboxState? saved = Change(mount, keys =>
        {
            existed = keys.TryGetValue(created.Name, out stored);
            if (existed)
            {
                return keys;
            }

            stored = created;
            return keys.Add(created.Name, created);
        });
        return saved is null || stored is null ? null : (stored, existed);
    }

    /// <summary>
    /// Adds <paramref name="next"/> as the key's newest version. Returns the rotated key; null when the
    /// key does not exist, and <paramref name="isSealed"/> true when the server is sealed or the mount is gone.
    /// </summary>
    public TransitKey? Rotate(MountEntry mount, string name, TransitKeyVersion next, out bool isSealed)
    {
        TransitKey? rotated = null;
        SandboxState? saved = Change(mount, keys =>
        {
            if (!keys.TryGetValue(name, out TransitKey? key))
            {
                return keys;
            }

            rotated = key.Rotated(next);
            return keys.SetItem(name, rotated);
        });
        isSealed = saved is null;
        return rotated;
    }

    private SandboxState? Change(MountEntry mount, Func<ImmutableDictionary<string, TransitKey>, ImmutableDictionary<string, TransitKey>> change)
    {
        bool found = false;
        SandboxState? saved = core.Update(state =>
        {
            if (state.Mounts is null || !state.Mounts.TryGetValue(mount.Path, out MountEntry? current) || current.Uuid != mount.Uuid)
            {
                return state;
            }

            found = true;
            ImmutableDictionary<string, TransitKey> keys = current.TransitKeys ?? ImmutableDictionary<string, TransitKey>.Empty;
            ImmutableDictionary<string, TransitKey> next = change(keys);
            return ReferenceEquals(next, keys) ? state : state with { Mounts = state.Mounts.SetItem(mount.Path, current with { TransitKeys = next }) };
        });
        return found ? saved : null;
    }
}
