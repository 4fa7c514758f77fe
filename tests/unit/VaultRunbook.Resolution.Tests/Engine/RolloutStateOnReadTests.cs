using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Engine;

/// <summary>
/// A running resolver over the file store when someone writes a state that breaks the rules, and the statistics
/// writer when the file is garbage (issue 16, items 5 and 10).
/// </summary>
public sealed class RolloutStateOnReadTests : IDisposable
{
    private const string EnvValue = "env-token-41aa";
    private const string VaultValue = "vault-token-93fe";
    private readonly KvPeer _peer = new();
    private readonly TempDirectory _dir = new();
    private readonly SecretMap _map = SecretMap.Parse("""{ "HF_TOKEN": "secret/cwiq/shared/hf#token" }""", "map");

    public RolloutStateOnReadTests() => _peer.Put("secret/cwiq/shared/hf", ("token", VaultValue));

    public void Dispose()
    {
        _peer.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [InlineData("{\"mode\": \"dual\", \"canary_percent\": 250}")]
    [InlineData("{\"mode\": \"dual\", \"canary_percent\": -5}")]
    [InlineData("{\"mode\": \"env\", \"history\": null}")]
    public async Task A_running_resolver_keeps_the_last_good_state_when_the_file_becomes_invalid(string invalid)
    {
        var path = _dir.File("rollout.json");
        var store = new FileRolloutStore(path);
        var clock = new ManualClock();
        using var resolver = SecretResolver.ForStore(_map, _peer.Client(), store, new SecretResolverOptions
        {
            Clock = clock,
            CheckInterval = TimeSpan.FromSeconds(5),
            Environment = n => n == "HF_TOKEN" ? EnvValue : null,
        });
        await new RolloutController(store, _ => null).SetCanaryAsync(100, SecretSourceMode.Dual, "canary", false, "tests", CancellationToken.None);
        var good = await resolver.ResolveAsync("HF_TOKEN");

        File.WriteAllText(path, invalid);
        clock.Advance(TimeSpan.FromSeconds(5));
        var after = await resolver.ResolveAsync("HF_TOKEN");

        Assert.Equal(SecretSource.Vault, good.Source);
        Assert.Equal(SecretSource.Vault, after.Source);
        Assert.Equal(100, resolver.CurrentRollout!.CanaryPercent);
        var error = Assert.IsType<ConfigurationException>(resolver.LastRolloutError);
        Assert.Equal("VaultRunbook.Rollout.InvalidState", error.ErrorId);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public async Task A_garbage_statistics_file_is_set_aside_with_a_warning_that_names_both_files()
    {
        var path = _dir.File("stats.json");
        File.WriteAllText(path, "garbage");
        await using var recorder = new AccessStatsRecorder(path, TimeProvider.System, Timeout.InfiniteTimeSpan);
        recorder.Record(AccessOutcome.Env, TimeSpan.FromTicks(1));

        await recorder.FlushAsync();
        recorder.Record(AccessOutcome.Env, TimeSpan.FromTicks(1));
        await recorder.FlushAsync();

        var warning = Assert.Single(recorder.TakeWarnings());
        Assert.Contains(path + ".corrupt", warning);
        Assert.Equal("garbage", File.ReadAllText(path + ".corrupt"));
        Assert.Empty(recorder.TakeWarnings());
        Assert.Equal(2, SecretAccessStatsReader.Read(path, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1)).Requests);
    }
}
