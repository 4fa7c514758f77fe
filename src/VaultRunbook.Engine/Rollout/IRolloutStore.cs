namespace VaultRunbook.Engine.Rollout;

/// <summary>Where the rollout state lives: a JSON file, or a Vault KV v2 path every service reads.</summary>
public interface IRolloutStore
{
    /// <summary>A description of the location: a file path, or vault:&lt;mount&gt;/&lt;path&gt;.</summary>
    string Location { get; }

    /// <summary>The stored state; the initial state (env mode, 0%) when nothing was stored yet.</summary>
    Task<RolloutState> ReadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Read-modify-write without losing a concurrent change: under a cross-process lock (file) or with
    /// check-and-set retries (Vault). <paramref name="change"/> may be called more than once.
    /// </summary>
    Task<RolloutState> UpdateAsync(Func<RolloutState, RolloutState> change, CancellationToken cancellationToken);
}
