using VaultRunbook.Engine.Resolution;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// Readiness of the stored rollout, judged on the resolver's access statistics: errors over the last N days; the
/// vault hit rate, p99 and cache effectiveness since the last rollout change (a hit rate measured across earlier
/// canary steps would mix their percentages), or over the N days when the state never changed.
/// </summary>
public static class RolloutReadinessCheck
{
    public static async Task<RolloutReadiness> EvaluateAsync(RolloutController controller, string statsPath, ReadinessThresholds thresholds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rollout = await controller.GetAsync(cancellationToken).ConfigureAwait(false);
        var windowStart = now - TimeSpan.FromDays(thresholds.ErrorFreeDays);
        var window = SecretAccessStatsReader.Read(statsPath, windowStart, now);
        var sinceChange = rollout.Stored.UpdatedAt is { } changed && changed > windowStart
            ? SecretAccessStatsReader.Read(statsPath, changed, now)
            : window;
        var inputs = sinceChange.ToReadinessInputs() with
        {
            WindowStart = window.Since,
            DataSince = window.FirstRecordedAt,
            Errors = window.Errors,
        };
        return ReadinessEvaluator.Evaluate(rollout, inputs, thresholds, now);
    }
}
