using System.Globalization;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// The runbook's readiness criteria: zero errors for N days; vault hit rate within ±5 points of the canary target;
/// p99 under 5 ms; no kill-switch activation in the window; cache effectiveness over 2x. Each gives its measured
/// value, threshold and pass/fail; Ready is all of them.
/// </summary>
public static class ReadinessEvaluator
{
    public static RolloutReadiness Evaluate(EffectiveRollout rollout, ReadinessInputs inputs, ReadinessThresholds thresholds, DateTimeOffset now)
    {
        var windowStart = now - TimeSpan.FromDays(thresholds.ErrorFreeDays);
        var criteria = new List<ReadinessCriterion>
        {
            Errors(inputs, thresholds, now),
            HitRate(rollout, inputs, thresholds),
            Latency(inputs, thresholds),
            KillSwitch(rollout, windowStart),
            Cache(inputs, thresholds),
        };
        var ready = criteria.All(c => c.Passed);
        return new RolloutReadiness
        {
            Ready = ready,
            Mode = rollout.Mode,
            CurrentPercent = rollout.CanaryPercent,
            RecommendedPercent = ready ? CanarySchedule.Next(rollout.CanaryPercent) : rollout.CanaryPercent,
            Criteria = criteria,
            EvaluatedAt = now,
            WindowStart = windowStart,
        };
    }

    // Zero errors over N days means nothing until the statistics cover N days: until then the criterion reports
    // NotEnoughData and does not pass (Step-VaultCanary -Force is the way around it).
    private static ReadinessCriterion Errors(ReadinessInputs inputs, ReadinessThresholds thresholds, DateTimeOffset now)
    {
        var needed = TimeSpan.FromDays(thresholds.ErrorFreeDays);
        var coverage = inputs.DataSince is { } since ? now - since : TimeSpan.Zero;
        var covered = coverage >= needed;
        var days = coverage.TotalDays.ToString("0.0", CultureInfo.InvariantCulture);
        var threshold = $"0 errors in {thresholds.ErrorFreeDays} days";
        if (inputs.Errors > 0 || covered)
        {
            return new ReadinessCriterion(
                "ZeroErrors",
                $"{inputs.Errors} errors",
                threshold,
                inputs.Errors == 0,
                covered ? null : $"statistics cover {days} of the {thresholds.ErrorFreeDays} days");
        }

        var detail = inputs.DataSince is null
            ? $"not enough data: no statistics recorded{(inputs.StatsPath is null ? string.Empty : $" in '{inputs.StatsPath}'")}"
            : $"not enough data: statistics cover {days} of the {thresholds.ErrorFreeDays} days";
        return new ReadinessCriterion("ZeroErrors", $"0 errors in {days} days", threshold, false, detail) { NotEnoughData = true };
    }

    private static ReadinessCriterion HitRate(EffectiveRollout rollout, ReadinessInputs inputs, ReadinessThresholds thresholds)
    {
        var target = rollout.Mode switch
        {
            SecretSourceMode.Vault => 100,
            SecretSourceMode.Dual => rollout.CanaryPercent,
            _ => 0,
        };
        var threshold = $"{target}% ± {thresholds.HitRateTolerancePoints.ToString("0.#", CultureInfo.InvariantCulture)} points";
        if (inputs.VaultHitRate is not { } rate)
        {
            return new ReadinessCriterion("VaultHitRate", "no accesses recorded", threshold, false, "the resolver recorded no access in the window");
        }

        var measured = rate * 100;
        return new ReadinessCriterion(
            "VaultHitRate",
            $"{measured.ToString("0.0", CultureInfo.InvariantCulture)}% of {inputs.Requests}",
            threshold,
            Math.Abs(measured - target) <= thresholds.HitRateTolerancePoints);
    }

    private static ReadinessCriterion Latency(ReadinessInputs inputs, ReadinessThresholds thresholds) =>
        inputs.P99Latency is { } p99
            ? new ReadinessCriterion("P99Latency", Ms(p99), $"< {Ms(thresholds.MaxP99Latency)}", p99 < thresholds.MaxP99Latency)
            : new ReadinessCriterion("P99Latency", "no accesses recorded", $"< {Ms(thresholds.MaxP99Latency)}", false);

    private static ReadinessCriterion KillSwitch(EffectiveRollout rollout, DateTimeOffset windowStart)
    {
        var activations = rollout.Stored.History.Where(c => c.At >= windowStart && c.KillSwitch).ToList();
        var activeNow = rollout.KillSwitch;
        var last = activations.LastOrDefault();
        return new ReadinessCriterion(
            "NoKillSwitch",
            activeNow ? "kill switch is on" : $"{activations.Count} change(s) with the kill switch on",
            "no activation in the window",
            !activeNow && activations.Count == 0,
            last is null ? null : $"last: {last.At:u} by {last.By}{(last.Reason is null ? string.Empty : $" ({last.Reason})")}");
    }

    private static ReadinessCriterion Cache(ReadinessInputs inputs, ReadinessThresholds thresholds)
    {
        var threshold = $"> {thresholds.MinCacheEffectiveness.ToString("0.#", CultureInfo.InvariantCulture)}x";
        return inputs.CacheEffectiveness is { } effectiveness
            ? new ReadinessCriterion("CacheEffectiveness", $"{effectiveness.ToString("0.0", CultureInfo.InvariantCulture)}x", threshold, effectiveness > thresholds.MinCacheEffectiveness)
            : new ReadinessCriterion("CacheEffectiveness", "no cached and uncached accesses to compare", threshold, false);
    }

    private static string Ms(TimeSpan value) => $"{value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture)} ms";
}
