using VaultRunbook.Engine.Rollout;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>Zero errors over N days is only judged once the statistics cover N days (issue 9, item 12).</summary>
public sealed class ReadinessCoverageTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static readonly EffectiveRollout Rollout =
        RolloutOverrides.Apply(new RolloutState { Mode = SecretSourceMode.Dual, CanaryPercent = 25 }, "x", _ => null);

    private static ReadinessInputs Good(DateTimeOffset? since) => new()
    {
        WindowStart = Now.AddDays(-7),
        WindowEnd = Now,
        DataSince = since,
        Requests = 10_000,
        VaultHitRate = 0.25,
        P99Latency = TimeSpan.FromMilliseconds(1),
        CacheEffectiveness = 40,
    };

    [Fact]
    public void One_minute_of_clean_statistics_is_not_enough_data_for_seven_days()
    {
        var readiness = ReadinessEvaluator.Evaluate(Rollout, Good(Now.AddMinutes(-1)), new ReadinessThresholds(), Now);

        Assert.False(readiness.Ready);
        Assert.Equal(25, readiness.RecommendedPercent);
        var criterion = Assert.Single(readiness.Failed);
        Assert.Equal("ZeroErrors", criterion.Name);
        Assert.True(criterion.NotEnoughData);
        Assert.Equal("NotEnoughData", criterion.Status);
        Assert.Contains("statistics cover 0.0 of the 7 days", criterion.Detail);
    }

    [Fact]
    public void No_statistics_at_all_is_not_enough_data()
    {
        var readiness = ReadinessEvaluator.Evaluate(Rollout, Good(null) with { StatsPath = "/tmp/stats.json" }, new ReadinessThresholds(), Now);

        var criterion = readiness.Criteria.Single(c => c.Name == "ZeroErrors");
        Assert.False(readiness.Ready);
        Assert.Equal("NotEnoughData", criterion.Status);
        Assert.Contains("/tmp/stats.json", criterion.Detail);
    }

    [Fact]
    public void Statistics_that_cover_the_days_pass_and_an_error_fails_whatever_the_coverage()
    {
        var covered = ReadinessEvaluator.Evaluate(Rollout, Good(Now.AddDays(-7)), new ReadinessThresholds(), Now);
        var shortWithError = ReadinessEvaluator.Evaluate(Rollout, Good(Now.AddHours(-1)) with { Errors = 1 }, new ReadinessThresholds(), Now);
        var shortWindow = ReadinessEvaluator.Evaluate(Rollout, Good(Now.AddDays(-2)), new ReadinessThresholds { ErrorFreeDays = 2 }, Now);

        Assert.True(covered.Ready);
        Assert.Equal("Pass", covered.Criteria.Single(c => c.Name == "ZeroErrors").Status);
        var failed = Assert.Single(shortWithError.Failed);
        Assert.Equal("Fail", failed.Status);
        Assert.False(failed.NotEnoughData);
        Assert.True(shortWindow.Ready);
    }
}
