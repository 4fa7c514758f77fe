using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Rollout;
using Xunit;

namespace VaultRunbook.Tests.Engine;

public sealed class RolloutTests : IDisposable
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;
    private readonly string _dir = Directory.CreateTempSubdirectory("vr-rollout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private RolloutController Controller(Func<string, string?>? env = null, string file = "rollout.json") =>
        new(new FileRolloutStore(Path.Combine(_dir, file)), env ?? NoEnvironment);

    [Fact]
    public async Task A_missing_file_is_the_initial_state()
    {
        var rollout = await Controller().GetAsync(CancellationToken.None);

        Assert.Equal(SecretSourceMode.Env, rollout.Mode);
        Assert.Equal(0, rollout.CanaryPercent);
        Assert.False(rollout.KillSwitch);
        Assert.Equal(TimeSpan.FromMinutes(5), rollout.CacheTtl);
        Assert.Empty(rollout.Stored.History);
    }

    [Fact]
    public async Task Changes_persist_with_who_when_why_in_an_append_only_history()
    {
        var controller = Controller();

        await controller.SetCanaryAsync(10, SecretSourceMode.Dual, "start", false, "alice@host", CancellationToken.None);
        await controller.EnableKillSwitchAsync("vault 503s", false, "bob@host", CancellationToken.None);
        var rollout = await Controller().GetAsync(CancellationToken.None); // a fresh reader of the same file

        Assert.Equal(SecretSourceMode.Dual, rollout.Mode);
        Assert.Equal(10, rollout.CanaryPercent);
        Assert.True(rollout.KillSwitch);
        Assert.Equal("bob@host", rollout.Stored.UpdatedBy);
        Assert.Equal(2, rollout.Stored.Revision);
        Assert.Equal(new[] { "SetCanary", "EnableKillSwitch" }, rollout.Stored.History.Select(h => h.Action));
        Assert.Equal("vault 503s", rollout.Stored.History[1].Reason);
    }

    [Fact]
    public async Task Raising_the_canary_with_the_kill_switch_on_is_refused_unless_forced()
    {
        var controller = Controller();
        await controller.SetCanaryAsync(25, SecretSourceMode.Dual, null, false, "a", CancellationToken.None);
        await controller.EnableKillSwitchAsync("incident", false, "a", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<RolloutException>(() => controller.SetCanaryAsync(50, null, null, false, "a", CancellationToken.None));
        var lowered = await controller.SetCanaryAsync(10, null, null, false, "a", CancellationToken.None);
        var forced = await controller.SetCanaryAsync(50, null, null, true, "a", CancellationToken.None);

        Assert.Equal("VaultRunbook.Rollout.KillSwitchActive", ex.ErrorId);
        Assert.Contains("incident", ex.Message);
        Assert.Equal(10, lowered.CanaryPercent);
        Assert.Equal(50, forced.CanaryPercent);
    }

    [Fact]
    public async Task The_kill_switch_is_idempotent()
    {
        var controller = Controller();

        var first = await controller.EnableKillSwitchAsync("one", false, "a", CancellationToken.None);
        var second = await controller.EnableKillSwitchAsync("two", false, "a", CancellationToken.None);
        var off = await controller.DisableKillSwitchAsync("recovered", "a", CancellationToken.None);
        var offAgain = await controller.DisableKillSwitchAsync(null, "a", CancellationToken.None);

        Assert.True(first.Changed);
        Assert.False(second.Changed);
        Assert.True(off.Changed);
        Assert.False(offAgain.Changed);
        Assert.Equal(2, offAgain.Rollout.Stored.History.Count);
    }

    [Fact]
    public async Task Stepping_follows_the_schedule_and_needs_readiness_unless_forced()
    {
        var controller = Controller();
        var ready = new RolloutReadiness { Ready = true, Mode = SecretSourceMode.Env, CurrentPercent = 0, Criteria = Array.Empty<ReadinessCriterion>(), EvaluatedAt = DateTimeOffset.UtcNow, WindowStart = DateTimeOffset.UtcNow };
        var notReady = ready with { Ready = false, Criteria = new[] { new ReadinessCriterion("ZeroErrors", "3 errors", "0 errors in 7 days", false) } };

        var percents = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            percents.Add((await controller.StepAsync(ready, null, false, "a", CancellationToken.None)).CanaryPercent);
        }

        var done = await Assert.ThrowsAsync<RolloutException>(() => controller.StepAsync(ready, null, false, "a", CancellationToken.None));
        await controller.SetCanaryAsync(25, null, null, false, "a", CancellationToken.None);
        var refused = await Assert.ThrowsAsync<RolloutException>(() => controller.StepAsync(notReady, null, false, "a", CancellationToken.None));
        var forced = await controller.StepAsync(notReady, null, true, "a", CancellationToken.None);

        Assert.Equal(new[] { 10, 25, 50, 75, 100 }, percents);
        Assert.Equal(SecretSourceMode.Dual, forced.Mode);
        Assert.Equal("VaultRunbook.Rollout.ScheduleComplete", done.ErrorId);
        Assert.Equal("VaultRunbook.Rollout.NotReady", refused.ErrorId);
        Assert.Contains("ZeroErrors: 3 errors", refused.Message);
        Assert.Equal(50, forced.CanaryPercent);
        Assert.Equal("forced", forced.Stored.Reason);
    }

    [Fact]
    public async Task Concurrent_writers_on_one_file_lose_no_change()
    {
        const int Writers = 4;
        const int ChangesEach = 15;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var controller = Controller(); // separate store instances, as separate processes would have
            for (var i = 0; i < ChangesEach; i++)
            {
                await controller.SetCanaryAsync((w * ChangesEach + i) % 100 + 1, null, $"w{w}-{i}", false, $"writer{w}", CancellationToken.None);
            }
        })));

        var state = (await Controller().GetAsync(CancellationToken.None)).Stored;
        Assert.True(state.History.Count >= Writers * ChangesEach - Writers); // equal consecutive values are no-ops
        Assert.Equal(state.History.Count, state.Revision);
        Assert.All(Enumerable.Range(0, Writers), w => Assert.Contains(state.History, h => h.By == $"writer{w}"));
    }

    [Fact]
    public async Task A_corrupt_file_is_reported_and_left_untouched()
    {
        var path = Path.Combine(_dir, "rollout.json");
        File.WriteAllText(path, "{ not json");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => Controller().SetCanaryAsync(10, null, null, false, "a", CancellationToken.None));

        Assert.Equal("VaultRunbook.Rollout.InvalidState", ex.ErrorId);
        Assert.Equal("{ not json", File.ReadAllText(path));
    }

    [Fact]
    public async Task Environment_overrides_apply_and_are_listed()
    {
        var env = new Dictionary<string, string> { ["VAULT_MODE"] = "shadow", ["VAULT_CANARY_PERCENT"] = "75", ["VAULT_KILL_SWITCH"] = "true", ["VAULT_EMERGENCY_FALLBACK"] = "1" };
        await Controller().SetCanaryAsync(10, SecretSourceMode.Dual, null, false, "a", CancellationToken.None);

        var rollout = await Controller(n => env.GetValueOrDefault(n)).GetAsync(CancellationToken.None);

        Assert.Equal(SecretSourceMode.Shadow, rollout.Mode);
        Assert.Equal(75, rollout.CanaryPercent);
        Assert.True(rollout.KillSwitch);
        Assert.True(rollout.EmergencyFallback);
        Assert.Equal(10, rollout.Stored.CanaryPercent);
        Assert.Equal(4, rollout.Overrides.Count);
        Assert.Contains(rollout.Overrides, o => o.Variable == "VAULT_CANARY_PERCENT" && o.Field == "CanaryPercent");
    }

    [Theory]
    [InlineData("VAULT_MODE", "sometimes")]
    [InlineData("VAULT_CANARY_PERCENT", "150")]
    [InlineData("VAULT_KILL_SWITCH", "maybe")]
    public void A_bad_override_is_a_clear_error(string variable, string value)
    {
        var ex = Assert.Throws<ConfigurationException>(() => RolloutOverrides.Apply(RolloutState.Initial, "x", n => n == variable ? value : null));

        Assert.Equal("VaultRunbook.Rollout.InvalidOverride", ex.ErrorId);
        Assert.Contains(variable, ex.Message);
    }

    [Fact]
    public void Readiness_reports_each_criterion_with_measured_value_and_threshold()
    {
        var now = DateTimeOffset.UtcNow;
        var rollout = RolloutOverrides.Apply(new RolloutState { Mode = SecretSourceMode.Dual, CanaryPercent = 25 }, "x", NoEnvironment);
        var good = new ReadinessInputs
        {
            WindowStart = now.AddDays(-7), WindowEnd = now, DataSince = now.AddDays(-8),
            Requests = 10_000, Errors = 0, VaultHitRate = 0.26, P99Latency = TimeSpan.FromMilliseconds(1.2), CacheEffectiveness = 40,
        };

        var ready = ReadinessEvaluator.Evaluate(rollout, good, new ReadinessThresholds(), now);
        var notReady = ReadinessEvaluator.Evaluate(rollout, good with { Errors = 2, VaultHitRate = 0.40, P99Latency = TimeSpan.FromMilliseconds(9), CacheEffectiveness = 1.5 }, new ReadinessThresholds(), now);

        Assert.True(ready.Ready);
        Assert.Equal(50, ready.RecommendedPercent);
        Assert.Equal(5, ready.Criteria.Count);
        Assert.False(notReady.Ready);
        Assert.Equal(25, notReady.RecommendedPercent);
        Assert.Equal(new[] { "ZeroErrors", "VaultHitRate", "P99Latency", "CacheEffectiveness" }, notReady.Failed.Select(c => c.Name));
        Assert.Equal("40.0% of 10000", notReady.Criteria.Single(c => c.Name == "VaultHitRate").Measured);
        Assert.Equal("25% ± 5 points", notReady.Criteria.Single(c => c.Name == "VaultHitRate").Threshold);
    }

    [Fact]
    public async Task Readiness_fails_after_a_kill_switch_activation_in_the_window()
    {
        var controller = Controller();
        await controller.SetCanaryAsync(25, SecretSourceMode.Dual, null, false, "a", CancellationToken.None);
        await controller.EnableKillSwitchAsync("blip", false, "oncall@host", CancellationToken.None);
        var (rollout, _) = await controller.DisableKillSwitchAsync("ok", "oncall@host", CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var inputs = new ReadinessInputs { WindowStart = now.AddDays(-7), WindowEnd = now, DataSince = now.AddDays(-8), Requests = 100, VaultHitRate = 0.25, P99Latency = TimeSpan.FromMilliseconds(1), CacheEffectiveness = 10 };

        var readiness = ReadinessEvaluator.Evaluate(rollout, inputs, new ReadinessThresholds(), now);

        var criterion = Assert.Single(readiness.Failed);
        Assert.Equal("NoKillSwitch", criterion.Name);
        Assert.Contains("oncall@host (blip)", criterion.Detail);
    }
}
