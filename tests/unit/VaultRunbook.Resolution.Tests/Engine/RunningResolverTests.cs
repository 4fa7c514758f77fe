using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Engine;

/// <summary>A resolver that keeps running: state changes, Vault outages and the cache over time.</summary>
public sealed class RunningResolverTests : IDisposable
{
    private const string EnvValue = "env-token-5d1e";
    private const string VaultValue = "vault-token-0b7c";
    private readonly KvPeer _peer = new();
    private readonly SecretMap _map = SecretMap.Parse("""{ "HF_TOKEN": "secret/cwiq/shared/hf#token" }""", "map");

    public RunningResolverTests() => _peer.Put("secret/cwiq/shared/hf", ("token", VaultValue));

    public void Dispose() => _peer.Dispose();

    private SecretResolver Resolver(TestRollout rollout, ManualClock clock, TimeSpan? checkInterval = null, string? address = null) =>
        new(_map, KvPeer.ClientFor(address ?? _peer.Address), rollout.ReadAsync, new SecretResolverOptions
        {
            Clock = clock,
            CheckInterval = checkInterval ?? SecretResolverOptions.DefaultCheckInterval,
            RandomSeed = 1,
            Environment = n => n == "HF_TOKEN" ? EnvValue : null,
        });

    [Fact]
    public async Task The_kill_switch_turns_a_running_resolver_to_env_within_the_check_interval()
    {
        var clock = new ManualClock();
        var rollout = new TestRollout(SecretSourceMode.Dual, 100);
        using var resolver = Resolver(rollout, clock, TimeSpan.FromSeconds(5));
        Assert.Equal(SecretSource.Vault, (await resolver.ResolveAsync("HF_TOKEN")).Source);

        rollout.State = rollout.State with { KillSwitch = true };
        clock.Advance(TimeSpan.FromSeconds(4.9));
        var before = await resolver.ResolveAsync("HF_TOKEN");
        clock.Advance(TimeSpan.FromSeconds(0.1));
        var after = await resolver.ResolveAsync("HF_TOKEN");

        Assert.Equal(SecretSource.Vault, before.Source); // not yet re-read: the interval bounds the delay
        Assert.Equal(SecretSource.Env, after.Source);
        Assert.Equal(EnvValue, after.Value.Reveal());
        Assert.True(resolver.CurrentRollout!.KillSwitch);
        Assert.Equal(2, rollout.Reads);
        var stats = resolver.Stats.Snapshot();
        Assert.True(stats.KillSwitchActive);
        Assert.Equal(1, stats.KillSwitchAccesses);

        rollout.State = rollout.State with { KillSwitch = false };
        clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SecretSource.Vault, (await resolver.ResolveAsync("HF_TOKEN")).Source);
    }

    [Fact]
    public async Task A_resolver_over_the_file_store_follows_Set_VaultCanary_changes_and_the_environment_overrides()
    {
        using var dir = new TempDirectory();
        var store = new FileRolloutStore(dir.File("rollout.json"));
        var clock = new ManualClock();
        var environment = new Dictionary<string, string> { ["HF_TOKEN"] = EnvValue };
        using var resolver = SecretResolver.ForStore(_map, _peer.Client(), store, new SecretResolverOptions
        {
            Clock = clock,
            Environment = n => environment.GetValueOrDefault(n),
        });
        var controller = new RolloutController(store, _ => null);

        var initial = await resolver.ResolveAsync("HF_TOKEN"); // no file yet: env mode
        await controller.SetCanaryAsync(100, SecretSourceMode.Dual, "canary", false, "tests", CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(5));
        var canary = await resolver.ResolveAsync("HF_TOKEN");
        environment[RolloutOverrides.KillSwitchVariable] = "true";
        clock.Advance(TimeSpan.FromSeconds(5));
        var killed = await resolver.ResolveAsync("HF_TOKEN");

        Assert.Equal(SecretSource.Env, initial.Source);
        Assert.Equal(SecretSource.Vault, canary.Source);
        Assert.Equal(SecretSource.Env, killed.Source);
        Assert.Equal(dir.File("rollout.json"), resolver.CurrentRollout!.Store);
        Assert.Contains(resolver.CurrentRollout.Overrides, o => o.Variable == RolloutOverrides.KillSwitchVariable);
    }

    [Fact]
    public async Task The_rollout_is_read_at_most_once_per_check_interval()
    {
        var clock = new ManualClock();
        var rollout = new TestRollout(SecretSourceMode.Env);
        using var resolver = Resolver(rollout, clock, TimeSpan.FromSeconds(5));

        for (var i = 0; i < 100; i++)
        {
            await resolver.ResolveAsync("HF_TOKEN");
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.InRange(rollout.Reads, 2, 3); // 10 s of accesses
    }

    [Fact]
    public async Task A_failed_rollout_read_keeps_the_last_known_rollout()
    {
        var clock = new ManualClock();
        var rollout = new TestRollout(SecretSourceMode.Vault);
        using var resolver = Resolver(rollout, clock, TimeSpan.FromSeconds(5));
        await resolver.ResolveAsync("HF_TOKEN");

        rollout.FailWith = new ConfigurationException("VaultRunbook.Rollout.CorruptState", "broken");
        clock.Advance(TimeSpan.FromSeconds(6));
        var resolved = await resolver.ResolveAsync("HF_TOKEN");

        Assert.Equal(SecretSource.Vault, resolved.Source);
        Assert.IsType<ConfigurationException>(resolver.LastRolloutError);
    }

    [Fact]
    public async Task The_first_rollout_read_failing_is_the_callers_error()
    {
        var rollout = new TestRollout(SecretSourceMode.Vault) { FailWith = new ConfigurationException("VaultRunbook.Rollout.CorruptState", "broken") };
        using var resolver = Resolver(rollout, new ManualClock());

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => resolver.ResolveAsync("HF_TOKEN").AsTask());

        Assert.Equal("VaultRunbook.Rollout.CorruptState", ex.ErrorId);
    }

    [Fact]
    public async Task Dual_mode_with_Vault_answering_503_serves_env_and_counts_fallbacks_and_errors()
    {
        _peer.Down = true;
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Dual, 100), new ManualClock());

        for (var i = 0; i < 5; i++)
        {
            var resolved = await resolver.ResolveAsync("HF_TOKEN");
            Assert.Equal(SecretSource.EnvFallback, resolved.Source);
            Assert.Equal(EnvValue, resolved.Value.Reveal());
        }

        var stats = resolver.Stats.Snapshot();
        Assert.Equal(5, stats.EnvFallbacks);
        Assert.Equal(5, stats.Errors);
        Assert.Equal(0, stats.VaultHits);
        Assert.Equal(0, stats.Failures);

        _peer.Down = false; // Vault is back: the next access is served from it
        Assert.Equal(SecretSource.Vault, (await resolver.ResolveAsync("HF_TOKEN")).Source);
    }

    [Fact]
    public async Task Dual_mode_with_Vault_stopped_serves_env_without_an_exception()
    {
        var nobody = $"http://127.0.0.1:{KvPeer.FreePort()}"; // nothing listens: connection refused
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Dual, 100), new ManualClock(), address: nobody);

        var resolved = await resolver.ResolveAsync("HF_TOKEN");

        Assert.Equal(SecretSource.EnvFallback, resolved.Source);
        Assert.Equal(EnvValue, resolved.Value.Reveal());
        Assert.Equal(1, resolver.Stats.Snapshot().EnvFallbacks);
    }

    [Fact]
    public async Task Vault_mode_with_Vault_down_is_VaultUnavailable_and_names_no_value()
    {
        _peer.Down = true;
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Vault), new ManualClock());

        var ex = await Assert.ThrowsAsync<ResolutionException>(() => resolver.ResolveAsync("HF_TOKEN").AsTask());

        Assert.Equal(ResolutionException.VaultUnavailable, ex.ErrorId);
        Assert.Equal(ErrorKind.ResourceUnavailable, ex.Kind);
        Assert.DoesNotContain(EnvValue, ex.ToString());
    }

    [Fact]
    public async Task Cached_values_live_for_the_rollouts_cache_ttl()
    {
        var clock = new ManualClock();
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Vault), clock); // default TTL: 5 minutes

        Assert.False((await resolver.ResolveAsync("HF_TOKEN")).FromCache);
        clock.Advance(TimeSpan.FromMinutes(4.9));
        Assert.True((await resolver.ResolveAsync("HF_TOKEN")).FromCache);
        clock.Advance(TimeSpan.FromMinutes(0.1));
        var refreshed = await resolver.ResolveAsync("HF_TOKEN");

        Assert.False(refreshed.FromCache);
        Assert.Equal(2, _peer.Reads);
        _peer.Put("secret/cwiq/shared/hf", ("token", "rotated"));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal("rotated", (await resolver.ResolveAsync("HF_TOKEN")).Value.Reveal());
        Assert.Equal(3, _peer.Reads);
    }

    [Fact]
    public async Task A_shorter_ttl_in_the_rollout_state_is_honoured()
    {
        var clock = new ManualClock();
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Vault, cacheTtl: TimeSpan.FromSeconds(30)), clock, TimeSpan.FromHours(1));

        await resolver.ResolveAsync("HF_TOKEN");
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.True((await resolver.ResolveAsync("HF_TOKEN")).FromCache);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False((await resolver.ResolveAsync("HF_TOKEN")).FromCache);
    }

    [Fact]
    public async Task Concurrent_misses_of_one_path_share_one_Vault_read()
    {
        _peer.Latency = TimeSpan.FromMilliseconds(200);
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Vault), new ManualClock());
        await resolver.RefreshRolloutAsync();

        var all = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => resolver.ResolveAsync("HF_TOKEN").AsTask()));

        Assert.All(all, r => Assert.Equal(VaultValue, r.Value.Reveal()));
        Assert.Equal(1, _peer.Reads);
    }

    [Fact]
    public async Task ClearCache_forces_a_new_read()
    {
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Vault), new ManualClock());
        await resolver.ResolveAsync("HF_TOKEN");
        Assert.Equal(1, resolver.CachedPaths);

        resolver.ClearCache();
        await resolver.ResolveAsync("HF_TOKEN");

        Assert.Equal(2, _peer.Reads);
    }
}
