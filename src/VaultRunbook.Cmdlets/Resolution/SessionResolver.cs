using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// One resolver kept for the session (DESIGN rule 14): its secret map, its Vault client and its cache live across
/// calls, its counts are flushed to the statistics file on a timer, and it notices a change to the map (the
/// registry replaces it) or to the rollout (<see cref="RolloutMayHaveChanged"/>) from the files' stamps and four
/// environment reads. Disposing it writes its counts and closes its client.
/// </summary>
internal sealed class SessionResolver : IDisposable
{
    private readonly IVaultClient _client;
    private volatile RolloutFingerprint? _lastRead;
    private Exception? _reportedFlushError;

    private SessionResolver(ResolverKey key, FileStamp mapStamp, IVaultClient client)
    {
        Key = key;
        MapStamp = mapStamp;
        _client = client;
    }

    public ResolverKey Key { get; }

    /// <summary>The map file's stamp when it was read.</summary>
    public FileStamp MapStamp { get; }

    public SecretResolver Resolver { get; private set; } = null!;

    /// <summary>True until the first write of the counts: that one happens at the end of the first call, so a bad statistics path is reported at once.</summary>
    public bool FirstFlushPending { get; set; } = true;

    /// <summary>When a call last used this resolver (Environment.TickCount64), for evicting the least recently used.</summary>
    public long LastUsed { get; set; } = Environment.TickCount64;

    /// <summary>
    /// Builds a resolver over <paramref name="map"/> that reads the rollout from the key's state file (with the
    /// environment overrides), remembering the fingerprint of each read, and counts into the key's statistics file.
    /// </summary>
    public static SessionResolver Create(ResolverKey key, FileStamp mapStamp, SecretMap map, VaultConnectionSettings connection, TimeSpan statsFlushInterval)
    {
        var session = new SessionResolver(key, mapStamp, new VaultHttpClient(connection));
        var store = new FileRolloutStore(key.ConfigPath);
        session.Resolver = new SecretResolver(
            map,
            session._client,
            async ct =>
            {
                session._lastRead = RolloutFingerprint.Take(store.Path);
                return RolloutOverrides.Apply(await store.ReadAsync(ct).ConfigureAwait(false), store.Location, Environment.GetEnvironmentVariable);
            },
            new SecretResolverOptions { StatsPath = key.StatsPath, StatsFlushInterval = statsFlushInterval });
        return session;
    }

    /// <summary>Whether the state file or an override variable changed since the rollout was last read (its stamp and four environment reads).</summary>
    public bool RolloutMayHaveChanged() => _lastRead is not { } read || read.Differs(Key.ConfigPath);

    /// <summary>A write failure not reported yet (each failure is reported once), or null.</summary>
    public Exception? TakeUnreportedFlushError()
    {
        var error = Resolver.Stats.LastFlushError;
        if (error is null || ReferenceEquals(error, _reportedFlushError))
        {
            return null;
        }

        _reportedFlushError = error;
        return error;
    }

    public void Dispose()
    {
        Resolver.Dispose();
        Resolver.ClearCache();
        _client.Dispose();
    }
}
