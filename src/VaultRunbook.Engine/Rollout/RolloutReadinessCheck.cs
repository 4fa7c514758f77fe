using VaultRunbook.Engine.Resolution;

namespace VaultRunbook.Engine.Rollout;

/// <summary>Readiness of the stored rollout, judged on the resolver's access statistics of the last N days.</summary>
public static class RolloutReadinessCheck
{
    public static async Task<RolloutReadiness> EvaluateAsync(RolloutController controller, string statsPath, ReadinessThresholds thresholds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rollout = await controller.GetAsync(cancellationToken).ConfigureAwait(false);
        var stats = SecretAccessStatsReader.Read(statsPath, now - TimeSpan.FromDays(thresholds.ErrorFreeDays), now);
        return ReadinessEvaluator.Evaluate(rollout, stats.ToReadinessInputs(), thresholds, now);
    }
}
