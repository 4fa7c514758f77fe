using System.Collections;
using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;
using Map = VaultRunbook.Engine.Resolution.SecretMap;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// What the data-plane cmdlets share: the secret map, the rollout state file, the statistics file and the Vault
/// connection, turned into one <see cref="SecretResolver"/> per invocation whose counts are written at the end.
/// </summary>
public abstract class SecretResolverCmdlet : VaultCmdlet
{
    private SecretResolver? _resolver;

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

    /// <summary>
    /// Builds the resolver and reads the rollout once, so a bad map, state file or VAULT_MODE-style override stops the
    /// cmdlet before anything is resolved.
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
            var map = LoadMap(environment);
            var store = new FileRolloutStore(ConfigPath is null ? RolloutPaths.DefaultConfigPath(environment) : FullPath(ConfigPath));
            var client = ClientFor(ResolveSettings(Address?.Address));
            _resolver = SecretResolver.ForStore(map, client, store, new SecretResolverOptions
            {
                StatsPath = StatsPath is null ? ResolutionPaths.DefaultStatsPath(environment) : FullPath(StatsPath),
                StatsFlushInterval = Timeout.InfiniteTimeSpan,
            });
            var rollout = Run(ct => _resolver.RefreshRolloutAsync(ct));
            WriteVerbose($"Rollout from {rollout.Store}: {rollout.Mode.ToString().ToLowerInvariant()} mode, canary {rollout.CanaryPercent}%, kill switch {(rollout.KillSwitch ? "on" : "off")}, emergency fallback {(rollout.EmergencyFallback ? "on" : "off")}{Overrides(rollout)}; secret map {map.Source} ({map.Count} entries).");
            return _resolver;
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex);
            throw; // not reached
        }
    }

    /// <summary>Writes the access counts to the statistics file; a failure is a warning, never a lost secret.</summary>
    protected void CloseResolver()
    {
        if (_resolver is null)
        {
            return;
        }

        var resolver = _resolver;
        _resolver = null;
        try
        {
            Run(ct => resolver.Stats.FlushAsync(ct));
        }
        catch (Exception ex) when (ex is EngineException or IOException or UnauthorizedAccessException)
        {
            WriteWarning($"The access statistics were not written to {resolver.Stats.StatsPath}: {ex.Message}");
        }
        finally
        {
            foreach (var warning in resolver.Stats.TakeWarnings())
            {
                WriteWarning(warning);
            }

            resolver.Dispose();
        }
    }

    protected string FullPath(string path) => SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);

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
        if (disposing && _resolver is not null)
        {
            _resolver.Dispose();
            _resolver = null;
        }

        base.Dispose(disposing);
    }

    private Map LoadMap(Func<string, string?> environment)
    {
        if (SecretMap is not null)
        {
            return SecretMapFile.Load(FullPath(SecretMap));
        }

        var fallback = ResolutionPaths.DefaultSecretMapPath(environment);
        return Map.CheckFile(fallback, missingIsAllowed: true) ? SecretMapFile.Load(fallback) : Map.FromDictionary(new Hashtable(), $"{fallback} (absent)");
    }

    private static string Overrides(EffectiveRollout rollout) =>
        rollout.Overrides.Count == 0 ? string.Empty : "; overridden by " + string.Join(", ", rollout.Overrides.Select(o => $"{o.Variable}={o.Value}"));
}
