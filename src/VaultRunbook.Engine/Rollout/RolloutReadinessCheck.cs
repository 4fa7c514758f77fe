using VaultRunbook.Engine.Resolution;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// Readiness of the stored rollout, judged on the resolver's access statistics: errors over the last N days; the
/// vault hit rate, p99 and cache effectiveness since the last rollout change (a hit rate measured across earlier
/// canary steps would mix their percentages), or over the N days when the state never changed. Zero errors needs
/// statistics that reach back N days: until they do, it reports NotEnoughData and readiness is false.
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
        // How far back the statistics go, from the earliest record in the file: a quiet hour at the start of the
        // window is no gap in coverage.
        var recordedSince = window.FirstRecordedAt is null ? null : SecretAccessStatsReader.Read(statsPath, DateTimeOffset.UnixEpoch, now).FirstRecordedAt;
        var inputs = sinceChange.ToReadinessInputs() with
        {
            WindowStart = window.Since,
            DataSince = recordedSince,
            StatsPath = window.StatsPath,
            Errors = window.Errors,
        };
        return ReadinessEvaluator.Evaluate(rollout, inputs, thresholds, now);
    }
}
