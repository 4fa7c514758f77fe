using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// The session's resolvers (DESIGN rule 14), one registry per runspace that imported the module, keyed by
/// <see cref="ResolverKey"/>. A registry is made on first use and disposed, writing every resolver's counts to its
/// statistics file, when the module is removed from its runspace (IModuleAssemblyCleanup), when the runspace closes,
/// and when the process exits. The table of registries is the module's own state: it holds nothing once every
/// registry is released, and a runspace that is collected takes its entry with it.
/// </summary>
internal sealed class SessionResolverRegistry : IDisposable
{
    /// <summary>At most this many resolvers per session; the least recently used one is disposed (its counts written) to make room.</summary>
    public const int Capacity = 32;

    private static readonly ConditionalWeakTable<Runspace, SessionResolverRegistry> Registries = new();

    private readonly object _lock = new();
    private readonly List<SessionResolver> _resolvers = new();
    private readonly Dictionary<CallInputs, (ResolverKey Key, VaultConnectionSettings Connection)> _keys = new();
    private readonly Runspace _runspace;
    private (CallInputs Inputs, SessionResolver Session, VaultConnectionSettings Connection)? _last;
    private bool _disposed;

    private SessionResolverRegistry(Runspace runspace)
    {
        _runspace = runspace;
        runspace.StateChanged += OnRunspaceStateChanged;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The registry of the runspace running this pipeline, made on first use; null outside a runspace.</summary>
    public static SessionResolverRegistry? ForCurrentRunspace() =>
        Runspace.DefaultRunspace is { } runspace ? Registries.GetValue(runspace, r => new SessionResolverRegistry(r)) : null;

    /// <summary>The registry of the runspace running this pipeline if it has one (nothing is made).</summary>
    public static SessionResolverRegistry? ExistingForCurrentRunspace() =>
        Runspace.DefaultRunspace is { } runspace && Registries.TryGetValue(runspace, out var registry) ? registry : null;

    /// <summary>Disposes the current runspace's registry (the module is being removed from it).</summary>
    public static void ReleaseCurrentRunspace()
    {
        if (Runspace.DefaultRunspace is { } runspace)
        {
            Release(runspace);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _resolvers.Count;
            }
        }
    }

    /// <summary>The key and connection that <paramref name="inputs"/> resolved to before, if this session saw them.</summary>
    public bool TryGetKey(CallInputs inputs, out ResolverKey key, out VaultConnectionSettings connection)
    {
        lock (_lock)
        {
            if (_keys.TryGetValue(inputs, out var known))
            {
                (key, connection) = known;
                return true;
            }
        }

        (key, connection) = (null!, null!);
        return false;
    }

    /// <summary>Remembers what <paramref name="inputs"/> resolved to (at most <see cref="Capacity"/> inputs; then it starts again).</summary>
    public void RememberKey(CallInputs inputs, ResolverKey key, VaultConnectionSettings connection)
    {
        lock (_lock)
        {
            if (_keys.Count >= Capacity)
            {
                _keys.Clear();
            }

            _keys[inputs] = (key, connection);
        }
    }

    /// <summary>
    /// The inputs, resolver and connection of the last call, while that resolver is kept: a script or a service
    /// repeats one call, and comparing its inputs with these finds the resolver without hashing a key.
    /// </summary>
    public (CallInputs Inputs, SessionResolver Session, VaultConnectionSettings Connection)? Last
    {
        get
        {
            lock (_lock)
            {
                return _last;
            }
        }
    }

    /// <summary>Remembers the last call's inputs and the resolver it used (forgotten when that resolver goes).</summary>
    public void RememberLast(CallInputs inputs, SessionResolver session, VaultConnectionSettings connection)
    {
        lock (_lock)
        {
            _last = _resolvers.Contains(session) ? (inputs, session, connection) : null;
        }
    }

    /// <summary>The resolver for <paramref name="key"/>, if one is kept.</summary>
    public SessionResolver? Find(ResolverKey key)
    {
        lock (_lock)
        {
            foreach (var resolver in _resolvers)
            {
                if (resolver.Key.Equals(key))
                {
                    return resolver;
                }
            }

            return null;
        }
    }

    /// <summary>Keeps <paramref name="resolver"/>, disposing the one it replaces (same key) or the least recently used one past <see cref="Capacity"/>.</summary>
    public void Add(SessionResolver resolver)
    {
        var retired = new List<SessionResolver>();
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _last = null;
            retired.AddRange(_resolvers.Where(r => r.Key.Equals(resolver.Key)));
            _resolvers.RemoveAll(r => r.Key.Equals(resolver.Key));
            if (_resolvers.Count >= Capacity)
            {
                var oldest = _resolvers.MinBy(r => r.LastUsed)!;
                _resolvers.Remove(oldest);
                retired.Add(oldest);
            }

            _resolvers.Add(resolver);
        }

        foreach (var old in retired)
        {
            old.Dispose();
        }
    }

    /// <summary>
    /// Disposes every resolver (their counts are written, their cached values dropped) and forgets them; returns how
    /// many resolvers and cached Vault paths went, and the writes that failed.
    /// </summary>
    public (int Resolvers, int CachedPaths, IReadOnlyList<Exception> FlushErrors) Clear()
    {
        List<SessionResolver> dropped;
        lock (_lock)
        {
            dropped = _resolvers.ToList();
            _last = null;
            _resolvers.Clear();
            _keys.Clear();
        }

        var paths = 0;
        var errors = new List<Exception>();
        foreach (var resolver in dropped)
        {
            paths += resolver.Resolver.CachedPaths;
            resolver.Dispose();
            if (resolver.Resolver.Stats.LastFlushError is { } failed)
            {
                errors.Add(failed);
            }
        }

        return (dropped.Count, paths, errors);
    }

    /// <summary>Writes the counts of the resolvers that record into <paramref name="statsPath"/>; returns the failures.</summary>
    public IReadOnlyList<Exception> Flush(string statsPath)
    {
        List<SessionResolver> writers;
        lock (_lock)
        {
            writers = _resolvers.Where(r => string.Equals(r.Key.StatsPath, statsPath, StringComparison.Ordinal)).ToList();
        }

        var failures = new List<Exception>();
        foreach (var writer in writers)
        {
            try
            {
                writer.Resolver.Stats.FlushAsync().GetAwaiter().GetResult();
                writer.FirstFlushPending = false;
            }
            catch (Exception ex)
            {
                failures.Add(ex);
            }
        }

        return failures;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        _runspace.StateChanged -= OnRunspaceStateChanged;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Clear();
    }

    private static void Release(Runspace runspace)
    {
        if (Registries.TryGetValue(runspace, out var registry))
        {
            Registries.Remove(runspace);
            registry.Dispose();
        }
    }

    private void OnRunspaceStateChanged(object? sender, RunspaceStateEventArgs e)
    {
        if (e.RunspaceStateInfo.State is RunspaceState.Closing or RunspaceState.Closed or RunspaceState.Broken)
        {
            Release(_runspace);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Release(_runspace);
}
