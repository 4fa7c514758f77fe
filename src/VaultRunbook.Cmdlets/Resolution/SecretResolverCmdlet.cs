using System.Collections;
using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Vault;
using Map = VaultRunbook.Engine.Resolution.SecretMap;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// What the data-plane cmdlets share: the secret map, the rollout state file, the statistics file and the Vault
/// connection, turned into a <see cref="SecretResolver"/> kept for the session (DESIGN rule 14). A later call with
/// the same map, state file, statistics file and connection reuses it and its cache; a change to the map or the
/// rollout is seen through each file's stamp (<see cref="FileStamp.Current"/>: no system call while the change watch
/// reports nothing) and the override variables. Counts are written to the
/// statistics file on a timer, when the module is removed and at process exit. <see cref="BypassSessionCache"/>
/// gives the call a resolver of its own, written and disposed at its end.
/// </summary>
public abstract class SecretResolverCmdlet : VaultCmdlet
{
    /// <summary>The ErrorId of a path no file can have (a NUL character in it).</summary>
    public const string InvalidPath = "VaultRunbook.Resolution.InvalidPath";

    private static readonly char[] PowerShellPathCharacters = { '~', '`', '*', '?', '[' };
    private SecretResolver? _resolver;
    private SecretResolver? _ownResolver;
    private SessionResolver? _session;

    /// <summary>
    /// The secret map: a .psd1 data file or JSON mapping each environment variable name to a KV v2 mount, path and
    /// field. Defaults to VAULT_RUNBOOK_SECRET_MAP, else secret-map.json in the per-user VaultRunbook config folder
    /// (no file there: an empty map, which serves env mode only).
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_SECRET_MAP, else secret-map.json in the per-user VaultRunbook folder")]
    public string? SecretMap { get; set; }

    /// <summary>The rollout state file (as Set-VaultCanary writes it). Defaults to VAULT_RUNBOOK_ROLLOUT, else rollout.json in the per-user config folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_ROLLOUT, else rollout.json in the per-user VaultRunbook folder")]
    public string? ConfigPath { get; set; }

    /// <summary>The access statistics file. Defaults to VAULT_RUNBOOK_STATS, else access-stats.json in the per-user config folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_STATS, else access-stats.json in the per-user VaultRunbook folder")]
    public string? StatsPath { get; set; }

    /// <summary>The Vault node. Defaults to VAULT_ADDR.</summary>
    [Parameter]
    [Alias("VaultAddress", "Node")]
    [ArgumentCompleter(typeof(VaultAddressCompleter))]
    [PSDefaultValue(Help = "VAULT_ADDR, else https://127.0.0.1:8200")]
    public VaultNodeParameter? Address { get; set; }

    /// <summary>True to use a resolver of this call's own instead of the session's (Get-RunbookSecret -NoCache).</summary>
    protected virtual bool BypassSessionCache => false;

    /// <summary>
    /// The session's resolver for these parameters (or this call's own): a bad map, state file or VAULT_MODE-style
    /// override stops the cmdlet before anything is resolved.
    /// </summary>
    protected SecretResolver OpenResolver()
    {
        if (_resolver is not null)
        {
            return _resolver;
        }

        var environment = (Func<string, string?>)Environment.GetEnvironmentVariable;
        try
        {
            var registry = BypassSessionCache ? null : SessionResolverRegistry.ForCurrentRunspace();
            var inputs = registry is null ? null : CallInputs.Take(SecretMap, ConfigPath, StatsPath, Address?.Address, Namespace, CACertificatePath, SkipCertificateCheck, TimeoutSec, Token);
            if (inputs is not null && registry!.Last is { } last && last.Inputs.Equals(inputs)
                && last.Session.MapStamp == FileStamp.Current(last.Session.Key.MapPath))
            {
                // The warm path: the same inputs as the last call (compared, not hashed), its map unchanged.
                WarnOnce(last.Connection);
                return _resolver = Use(last.Session);
            }

            ResolverKey key;
            VaultConnectionSettings connection;
            if (inputs is not null && registry!.TryGetKey(inputs, out key, out connection))
            {
                WarnOnce(connection);
            }
            else
            {
                connection = ResolveSettings(Address?.Address);
                key = ResolverKey.Of(
                    SecretMap is null ? ResolutionPaths.DefaultSecretMapPath(environment) : FullPath(SecretMap),
                    SecretMap is not null,
                    ConfigPath is null ? RolloutPaths.DefaultConfigPath(environment) : FullPath(ConfigPath),
                    StatsPath is null ? ResolutionPaths.DefaultStatsPath(environment) : FullPath(StatsPath),
                    connection);
                if (inputs is not null)
                {
                    registry!.RememberKey(inputs, key, connection);
                }
            }

            if (registry is null)
            {
                _ownResolver = OpenOwnResolver(key, connection);
                return _resolver = _ownResolver;
            }

            var mapStamp = FileStamp.Current(key.MapPath);
            var session = registry.Find(key);
            if (session is null || session.MapStamp != mapStamp)
            {
                session = SessionResolver.Create(key, mapStamp, LoadMap(key), connection, AccessStatsRecorder.DefaultFlushInterval);
                try
                {
                    DescribeRollout(session.Resolver, ReadRollout(session.Resolver));
                }
                catch
                {
                    session.Dispose();
                    throw;
                }

                registry.Add(session);
            }
            else
            {
                Use(session);
            }

            if (inputs is not null)
            {
                registry.RememberLast(inputs, session, connection);
            }

            _session = session;
            return _resolver = session.Resolver;
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
            throw; // not reached
        }
    }

    private void WarnOnce(VaultConnectionSettings connection)
    {
        foreach (var warning in connection.Warnings)
        {
            WriteWarningOnce(warning);
        }
    }

    /// <summary>
    /// Takes a kept resolver for this call: rereads the rollout first when the state file or an override variable
    /// changed since it was read (a broken state file stops the call, as a fresh read would, instead of serving the
    /// last good rollout).
    /// </summary>
    private SecretResolver Use(SessionResolver session)
    {
        if (session.RolloutMayHaveChanged() || session.Resolver.LastRolloutError is not null)
        {
            var rollout = ReadRollout(session.Resolver);
            if (session.Resolver.LastRolloutError is EngineException failed)
            {
                throw failed;
            }

            DescribeRollout(session.Resolver, rollout);
        }

        session.LastUsed = Environment.TickCount64;
        _session = session;
        return session.Resolver;
    }

    /// <summary>
    /// Ends this call's use of the resolver. A call's own resolver writes its counts now and is disposed; the
    /// session's writes them at the end of its first call (so a bad statistics path is reported at once), then on
    /// its timer. Write failures and warnings are reported as warnings, never a lost secret.
    /// </summary>
    protected void CloseResolver()
    {
        var resolver = _resolver;
        var session = _session;
        var own = _ownResolver;
        _resolver = null;
        _session = null;
        _ownResolver = null;
        if (resolver is null)
        {
            return;
        }

        try
        {
            if (own is not null || session is { FirstFlushPending: true })
            {
                if (session is not null)
                {
                    session.FirstFlushPending = false;
                }

                Run(ct => resolver.Stats.FlushAsync(ct));
            }
            else if (session?.TakeUnreportedFlushError() is { } failed)
            {
                WriteWarning($"The access statistics were not written to {resolver.Stats.StatsPath}: {failed.Message} They are kept in memory for the next write.");
            }
        }
        catch (Exception ex) when (ex is EngineException or IOException or UnauthorizedAccessException)
        {
            session?.TakeUnreportedFlushError();
            WriteWarning($"The access statistics were not written to {resolver.Stats.StatsPath}: {ex.Message}");
        }
        finally
        {
            foreach (var warning in resolver.Stats.TakeWarnings())
            {
                WriteWarning(warning);
            }

            own?.Dispose();
        }
    }

    /// <summary>
    /// A file-system path from a PowerShell path. A fully qualified path without a drive or wildcard of PowerShell's
    /// is only normalised (PowerShell's resolution costs several times a warm call); anything else (relative to the
    /// current location, ~, a PSDrive) goes through PowerShell's resolution.
    /// </summary>
    protected string FullPath(string path) =>
        path.Contains('\0', StringComparison.Ordinal)
            ? throw new ConfigurationException(InvalidPath, "A path given to the cmdlet holds a NUL character, which no file name can; nothing was read.")
            : Path.IsPathFullyQualified(path) && path.IndexOfAny(PowerShellPathCharacters) < 0 && (OperatingSystem.IsWindows() || !path.Contains(':'))
            ? Path.GetFullPath(path)
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

    /// <summary>
    /// Resolves one name: a cache hit or an env read completes at once; a Vault read is waited for (the Engine
    /// continues with ConfigureAwait(false), never on this thread).
    /// </summary>
    protected ResolvedSecret Resolve(SecretResolver resolver, string name)
    {
        var pending = resolver.ResolveAsync(name, StopToken);
        return pending.IsCompletedSuccessfully ? pending.Result : Run(_ => pending.AsTask());
    }

    /// <summary>Where a name would come from (no value, no Vault call).</summary>
    protected SecretSourcePlan Plan(SecretResolver resolver, string name)
    {
        var pending = resolver.PlanAsync(name, StopToken);
        return pending.IsCompletedSuccessfully ? pending.Result : Run(_ => pending);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownResolver is not null)
        {
            _ownResolver.Dispose();
            _ownResolver = null;
        }

        _resolver = null;
        _session = null;

        base.Dispose(disposing);
    }

    private static Map LoadMap(ResolverKey key)
    {
        if (key.MapGiven)
        {
            return SecretMapFile.Load(key.MapPath);
        }

        return Map.CheckFile(key.MapPath, missingIsAllowed: true) ? SecretMapFile.Load(key.MapPath) : Map.FromDictionary(new Hashtable(), $"{key.MapPath} (absent)");
    }

    private SecretResolver OpenOwnResolver(ResolverKey key, VaultConnectionSettings connection)
    {
        var client = ClientFor(connection);
        var resolver = SecretResolver.ForStore(LoadMap(key), client, new FileRolloutStore(key.ConfigPath), new SecretResolverOptions
        {
            StatsPath = key.StatsPath,
            StatsFlushInterval = Timeout.InfiniteTimeSpan,
        });
        try
        {
            DescribeRollout(resolver, ReadRollout(resolver));
            return resolver;
        }
        catch
        {
            resolver.Dispose();
            throw;
        }
    }

    // The state file is read on this thread: it completes at once, with no hop to the thread pool.
    private EffectiveRollout ReadRollout(SecretResolver resolver)
    {
        var pending = resolver.RefreshRolloutAsync(StopToken);
        return pending.IsCompleted ? pending.GetAwaiter().GetResult() : Run(_ => pending);
    }

    private void DescribeRollout(SecretResolver resolver, EffectiveRollout rollout) =>
        WriteVerbose($"Rollout from {rollout.Store}: {rollout.Mode.ToString().ToLowerInvariant()} mode, canary {rollout.CanaryPercent}%, kill switch {(rollout.KillSwitch ? "on" : "off")}, emergency fallback {(rollout.EmergencyFallback ? "on" : "off")}, cache TTL {rollout.CacheTtl}{Overrides(rollout)}; secret map {resolver.Map.Source} ({resolver.Map.Count} entries).");

    private static string Overrides(EffectiveRollout rollout) =>
        rollout.Overrides.Count == 0 ? string.Empty : "; overridden by " + string.Join(", ", rollout.Overrides.Select(o => $"{o.Variable}={o.Value}"));
}
