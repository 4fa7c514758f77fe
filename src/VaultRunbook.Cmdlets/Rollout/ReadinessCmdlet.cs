using System.Management.Automation;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Rollout;

/// <summary>The readiness thresholds and the statistics file, shared by Test-VaultRolloutReadiness and Step-VaultCanary.</summary>
public abstract class ReadinessCmdlet : RolloutCmdlet
{
    /// <summary>The resolver's access statistics (default VAULT_RUNBOOK_STATS, else the per-user config folder).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [PSDefaultValue(Help = "VAULT_RUNBOOK_STATS, else access-stats.json in the per-user VaultRunbook folder")]
    public string? StatsPath { get; set; }

    /// <summary>Zero errors for this many days (default 7).</summary>
    [Parameter]
    [ValidateRange(1, 90)]
    public int ErrorFreeDays { get; set; } = 7;

    /// <summary>Allowed distance of the vault hit rate from the canary target, in percentage points (default 5).</summary>
    [Parameter]
    [ValidateRange(0.1, 50)]
    public double HitRateTolerance { get; set; } = 5;

    /// <summary>p99 access latency must be under this many milliseconds (default 5).</summary>
    [Parameter]
    [ValidateRange(0.001, 60000)]
    public double MaxP99Milliseconds { get; set; } = 5;

    /// <summary>Cache effectiveness must be over this factor (default 2).</summary>
    [Parameter]
    [ValidateRange(1, 1000000)]
    public double MinCacheEffectiveness { get; set; } = 2;

    protected bool TryEvaluateReadiness(RolloutController controller, out RolloutReadiness readiness)
    {
        var statsPath = StatsPath is null
            ? ResolutionPaths.DefaultStatsPath(Environment.GetEnvironmentVariable)
            : SessionState.Path.GetUnresolvedProviderPathFromPSPath(StatsPath);
        _ = Resolution.SessionResolverRegistry.ExistingForCurrentRunspace()?.Flush(statsPath); // this session's counts first (a failure shows on the next resolve)
        var thresholds = new ReadinessThresholds
        {
            ErrorFreeDays = ErrorFreeDays,
            HitRateTolerancePoints = HitRateTolerance,
            MaxP99Latency = TimeSpan.FromMilliseconds(MaxP99Milliseconds),
            MinCacheEffectiveness = MinCacheEffectiveness,
        };
        return TryInvoke((_, ct) => RolloutReadinessCheck.EvaluateAsync(controller, statsPath, thresholds, DateTimeOffset.UtcNow, ct), controller, out readiness);
    }
}
