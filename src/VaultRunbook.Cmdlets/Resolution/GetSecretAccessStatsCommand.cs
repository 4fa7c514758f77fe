using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// <para type="synopsis">Reports the resolver's access statistics over a window, as every process that resolved secrets recorded them: requests, vault hits, env fallbacks, errors, cache hits, vault hit rate, cache effectiveness, p50/p99 latency, shadow matches and mismatches, the kill switch.</para>
/// <para type="description">-Since takes a time ([DateTime]) or an age ([TimeSpan], or '90s', '30m', '24h', '7d'); the default is everything kept (14 days). Data younger than a day is counted per minute, older data per hour, so a window edge is exact to the minute or to the hour. The file holds counts only, never a value. Each process counts in memory and adds its counts to the file every 30 s, when the module is removed and when it exits (this session's counts are written first, so they are always included); LastFlushAt and LastFlushAge say when the newest write was.</para>
/// <example><code>Get-SecretAccessStats -Since 24h | Where-Object { $_.Errors -gt 0 -or $_.VaultHitRate -lt 0.2 } | ForEach-Object { Enable-KillSwitch -Reason "errors: $($_.Errors)" }</code><para>Pulls the kill switch when the last day shows resolver errors or a vault hit rate that collapsed.</para></example>
/// </summary>
[Cmdlet(VerbsCommon.Get, "SecretAccessStats")]
[OutputType(EngineTypeNames.SecretAccessStats)]
public sealed class GetSecretAccessStatsCommand : AsyncCmdlet
{
    /// <summary>The window's start: a time, or an age back from now.</summary>
    [Parameter(Position = 0)]
    public SinceParameter? Since { get; set; }

    /// <summary>The window's end (default now).</summary>
    [Parameter]
    public DateTime? Until { get; set; }

    /// <summary>The statistics file. Defaults to VAULT_RUNBOOK_STATS, else access-stats.json in the per-user config folder.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_STATS, else access-stats.json in the per-user VaultRunbook folder")]
    public string? StatsPath { get; set; }

    protected override void EndProcessing()
    {
        var now = DateTimeOffset.UtcNow;
        var path = StatsPath is null
            ? ResolutionPaths.DefaultStatsPath(Environment.GetEnvironmentVariable)
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatsPath);
        var until = Until is { } u ? new SinceParameter(u).ToPointInTime(now) : now;
        var since = Since?.ToPointInTime(now) ?? now - TimeSpan.FromDays(14);
        if (since >= until)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.Resolution.InvalidWindow", ErrorCategory.InvalidArgument, $"-Since ({since:u}) must be before -Until ({until:u}).", Since));
        }

        foreach (var failure in SessionResolverRegistry.ExistingForCurrentRunspace()?.Flush(path) ?? Array.Empty<Exception>())
        {
            WriteWarning($"This session's access counts were not written to {path}: {failure.Message}");
        }

        try
        {
            WriteObject(SecretAccessStatsReader.Read(path, since, until));
        }
        catch (EngineException ex)
        {
            ThrowEngineError(ex, path);
        }
    }
}
