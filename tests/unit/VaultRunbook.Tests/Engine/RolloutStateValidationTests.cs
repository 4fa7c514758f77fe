using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Rollout;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>The stored state is checked on read with the same rules as a change (issue 16, item 5).</summary>
public sealed class RolloutStateValidationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vr-rollout-valid-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string StatePath => Path.Combine(_dir, "rollout.json");

    private RolloutController Controller() => new(new FileRolloutStore(StatePath), _ => null);

    [Theory]
    [InlineData("{\"canary_percent\": 250}", "canary_percent")]
    [InlineData("{\"canary_percent\": -5}", "canary_percent")]
    [InlineData("{\"mode\": 7}", "mode")]
    [InlineData("{\"mode\": \"dual\", \"history\": null}", "history")]
    [InlineData("{\"history\": [null]}", "history[0]")]
    [InlineData("{\"history\": [{\"at\": \"2026-01-01T00:00:00Z\", \"by\": \"a\", \"action\": \"SetCanary\", \"mode\": \"dual\", \"canary_percent\": 300, \"kill_switch\": false, \"emergency_fallback\": false}]}", "history[0].canary_percent")]
    [InlineData("{\"canary_percent\": \"ten\"}", "canary_percent")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("{ not json", "not valid JSON")]
    public async Task A_state_that_breaks_a_rule_is_InvalidState_naming_the_file_and_the_field(string json, string field)
    {
        File.WriteAllText(StatePath, json);

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => Controller().GetAsync(CancellationToken.None));

        Assert.Equal("VaultRunbook.Rollout.InvalidState", ex.ErrorId);
        Assert.Contains(StatePath, ex.Message);
        Assert.Contains(field, ex.Message);
        Assert.Equal(StatePath, ex.Target);
    }

    [Fact]
    public async Task A_null_history_stops_a_change_with_InvalidState_and_leaves_the_file_untouched()
    {
        const string Json = "{\"mode\": \"dual\", \"canary_percent\": 10, \"history\": null}";
        File.WriteAllText(StatePath, Json);

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => Controller().SetCanaryAsync(25, null, null, false, "a", CancellationToken.None));

        Assert.Equal("VaultRunbook.Rollout.InvalidState", ex.ErrorId);
        Assert.Equal(Json, File.ReadAllText(StatePath));
    }

    [Fact]
    public async Task An_unknown_field_is_a_warning_and_the_rest_is_read()
    {
        File.WriteAllText(StatePath, "{\"mode\": \"dual\", \"canary_percent\": 10, \"canary_pecent\": 50}");
        var controller = Controller();

        var rollout = await controller.GetAsync(CancellationToken.None);

        Assert.Equal(10, rollout.CanaryPercent);
        var warning = Assert.Single(controller.TakeWarnings());
        Assert.Contains("'canary_pecent'", warning);
        Assert.Contains(StatePath, warning);
        Assert.Empty(controller.TakeWarnings());
    }

    [Fact]
    public async Task A_valid_file_gives_no_warning_and_round_trips()
    {
        var controller = Controller();
        await controller.SetCanaryAsync(25, SecretSourceMode.Dual, "r", false, "a", CancellationToken.None);
        await controller.EnableKillSwitchAsync("k", true, "a", CancellationToken.None);

        var rollout = await Controller().GetAsync(CancellationToken.None);

        Assert.Empty(controller.TakeWarnings());
        Assert.Equal(2, rollout.Stored.History.Count);
        Assert.DoesNotContain("warnings", File.ReadAllText(StatePath));
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-5)]
    public async Task A_percentage_out_of_range_is_InvalidPercent(int percent)
    {
        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => Controller().SetCanaryAsync(percent, null, null, false, "a", CancellationToken.None));

        Assert.Equal("VaultRunbook.Rollout.InvalidPercent", ex.ErrorId);
        Assert.Contains("0 to 100", ex.Message);
        Assert.False(File.Exists(StatePath));
    }

    [Fact]
    public void The_state_shows_as_one_line_not_as_its_types()
    {
        var state = RolloutState.Initial.With("SetCanary", "alice@host", null, DateTimeOffset.UtcNow, s => s with { Mode = SecretSourceMode.Dual, CanaryPercent = 25 });

        Assert.Equal("dual 25%, kill switch off, revision 1 (1 change, last by alice@host)", state.ToString());
        Assert.Equal("VAULT_MODE=vault", new RolloutOverride("VAULT_MODE", "Mode", "vault").ToString());
        Assert.Equal(
            "dual 25%, kill switch on (VAULT_KILL_SWITCH=1), store x",
            RolloutOverrides.Apply(state, "x", n => n == "VAULT_KILL_SWITCH" ? "1" : null).ToString());
    }
}
