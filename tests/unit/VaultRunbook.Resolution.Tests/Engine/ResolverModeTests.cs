using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Engine;

/// <summary>Each mode serves what the runbook says, from where it says, and counts it.</summary>
public sealed class ResolverModeTests : IDisposable
{
    private const string EnvValue = "env-value-7f3a";
    private const string VaultValue = "vault-value-91c2";
    private readonly KvPeer _peer = new();
    private readonly Dictionary<string, string> _environment = new() { ["HF_TOKEN"] = EnvValue, ["PG_PASSWORD"] = "env-pg", ["UNMAPPED"] = "env-unmapped" };
    private readonly SecretMap _map = SecretMap.Parse(
        """{ "HF_TOKEN": { "mount": "secret", "path": "cwiq/shared/hf", "field": "token" }, "PG_PASSWORD": "secret/app/db#pg_password", "HF_USER": "secret/cwiq/shared/hf#user", "ABSENT": "secret/nowhere#x" }""",
        "test-map");

    public ResolverModeTests()
    {
        _peer.Put("secret/cwiq/shared/hf", ("token", VaultValue), ("user", "vault-user"));
        _peer.Put("secret/app/db", ("pg_password", "vault-pg"));
    }

    public void Dispose() => _peer.Dispose();

    private SecretResolver Resolver(TestRollout rollout, ManualClock? clock = null, long seed = 42, CanaryRouting routing = CanaryRouting.PerAccess, string? statsPath = null) =>
        new(_map, _peer.Client(), rollout.ReadAsync, new SecretResolverOptions
        {
            Clock = clock ?? new ManualClock(),
            RandomSeed = seed,
            Routing = routing,
            Environment = n => _environment.GetValueOrDefault(n),
            StatsPath = statsPath,
        });

    [Fact]
    public async Task Env_mode_serves_the_environment_and_never_calls_Vault()
    {
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Env));

        var hf = await resolver.ResolveAsync("HF_TOKEN");
        var unmapped = await resolver.ResolveAsync("UNMAPPED");

        Assert.Equal(EnvValue, hf.Value.Reveal());
        Assert.Equal(SecretSource.Env, hf.Source);
        Assert.Equal("env-unmapped", unmapped.Value.Reveal());
        Assert.Equal(0, _peer.Reads);
        var stats = resolver.Stats.Snapshot();
        Assert.Equal(2, stats.Requests);
        Assert.Equal(0, stats.VaultHits);
        Assert.Equal(0, stats.Errors);
    }

    [Fact]
    public async Task Env_mode_with_an_unset_variable_is_SecretNotFound_and_an_error()
    {
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Env));

        var ex = await Assert.ThrowsAsync<ResolutionException>(() => resolver.ResolveAsync("HF_USER").AsTask());

        Assert.Equal(ResolutionException.SecretNotFound, ex.ErrorId);
        Assert.Equal("HF_USER", ex.Name);
        Assert.Equal(1, resolver.Stats.Snapshot().Failures);
    }

    [Fact]
    public async Task Vault_mode_serves_Vault_and_one_read_serves_every_field_of_the_path()
    {
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Vault));

        var token = await resolver.ResolveAsync("HF_TOKEN");
        var user = await resolver.ResolveAsync("HF_USER");

        Assert.Equal(VaultValue, token.Value.Reveal());
        Assert.Equal(SecretSource.Vault, token.Source);
        Assert.False(token.FromCache);
        Assert.Equal("vault-user", user.Value.Reveal());
        Assert.True(user.FromCache);
        Assert.Equal(1, _peer.Reads);
        var stats = resolver.Stats.Snapshot();
        Assert.Equal(2, stats.VaultHits);
        Assert.Equal(1, stats.CacheHits);
        Assert.Equal(1.0, stats.VaultHitRate);
    }

    [Fact]
    public async Task Vault_mode_a_missing_secret_is_an_error_without_emergency_fallback()
    {
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Vault));
        _environment["ABSENT"] = "env-absent";

        var ex = await Assert.ThrowsAsync<ResolutionException>(() => resolver.ResolveAsync("ABSENT").AsTask());

        Assert.Equal(ResolutionException.SecretNotFound, ex.ErrorId);
        Assert.Contains("secret/nowhere", ex.Message);
        Assert.DoesNotContain("env-absent", ex.Message);
        var stats = resolver.Stats.Snapshot();
        Assert.Equal(1, stats.Failures);
        Assert.Equal(1, stats.Errors);
        Assert.Equal(0, stats.EnvFallbacks);
    }

    [Fact]
    public async Task Vault_mode_with_emergency_fallback_serves_env_and_counts_a_fallback_and_an_error()
    {
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Vault, emergencyFallback: true));
        _environment["ABSENT"] = "env-absent";

        var resolved = await resolver.ResolveAsync("ABSENT");

        Assert.Equal("env-absent", resolved.Value.Reveal());
        Assert.Equal(SecretSource.EnvFallback, resolved.Source);
        var stats = resolver.Stats.Snapshot();
        Assert.Equal(1, stats.EnvFallbacks);
        Assert.Equal(1, stats.Errors);
        Assert.Equal(0, stats.VaultHits);
    }

    [Fact]
    public async Task A_missing_field_is_FieldNotFound()
    {
        var map = SecretMap.Parse("""{ "X": "secret/app/db#nope" }""", "m");
        using var resolver = new SecretResolver(map, _peer.Client(), new TestRollout(SecretSourceMode.Vault).ReadAsync, new SecretResolverOptions { Clock = new ManualClock(), Environment = _ => null });

        var ex = await Assert.ThrowsAsync<ResolutionException>(() => resolver.ResolveAsync("X").AsTask());

        Assert.Equal(ResolutionException.FieldNotFound, ex.ErrorId);
        Assert.Contains("'nope'", ex.Message);
    }

    [Fact]
    public async Task A_name_missing_from_the_map_is_NotMapped_when_the_rollout_needs_Vault()
    {
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Dual, 50));

        var ex = await Assert.ThrowsAsync<ResolutionException>(() => resolver.ResolveAsync("UNMAPPED").AsTask());

        Assert.Equal(ResolutionException.NotMapped, ex.ErrorId);
        Assert.Contains("test-map", ex.Message);
    }

    [Fact]
    public async Task Dual_mode_at_25_percent_over_10000_accesses_hits_Vault_25_percent_within_2_points()
    {
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Dual, 25), seed: 20250601);
        var fromVault = 0;

        for (var i = 0; i < 10_000; i++)
        {
            var resolved = await resolver.ResolveAsync("HF_TOKEN");
            if (resolved.Source == SecretSource.Vault)
            {
                fromVault++;
                Assert.Equal(VaultValue, resolved.Value.Reveal());
            }
            else
            {
                Assert.Equal(SecretSource.Env, resolved.Source);
                Assert.Equal(EnvValue, resolved.Value.Reveal());
            }
        }

        Assert.InRange(fromVault / 10_000.0, 0.23, 0.27);
        var stats = resolver.Stats.Snapshot();
        Assert.Equal(10_000, stats.Requests);
        Assert.Equal(fromVault, stats.VaultHits);
        Assert.InRange(stats.VaultHitRate!.Value, 0.23, 0.27);
        Assert.Equal(fromVault - 1, stats.CacheHits);
        Assert.Equal(1, _peer.Reads);
    }

    [Fact]
    public async Task Per_access_routing_is_the_same_sequence_for_the_same_seed()
    {
        async Task<string> Sequence(long seed)
        {
            using var resolver = Resolver(new TestRollout(SecretSourceMode.Dual, 50), seed: seed);
            var sources = new List<char>();
            for (var i = 0; i < 200; i++)
            {
                sources.Add((await resolver.ResolveAsync("PG_PASSWORD")).Source == SecretSource.Vault ? 'v' : 'e');
            }

            return new string(sources.ToArray());
        }

        var first = await Sequence(7);

        Assert.Equal(first, await Sequence(7));
        Assert.NotEqual(first, await Sequence(8));
        Assert.Contains('v', first);
        Assert.Contains('e', first);
    }

    [Fact]
    public async Task Sticky_routing_sends_a_name_always_the_same_way_and_raising_the_percentage_only_moves_names_to_Vault()
    {
        var names = Enumerable.Range(0, 200).Select(i => $"SECRET_{i}").ToArray();
        var map = SecretMap.FromDictionary(names.ToDictionary(n => n, n => (object)$"secret/app/db#pg_password"), "sticky");
        var rollout = new TestRollout(SecretSourceMode.Dual, 25);
        SecretResolver Create(long seed) => new(map, _peer.Client(), rollout.ReadAsync, new SecretResolverOptions
        {
            Clock = new ManualClock(),
            CheckInterval = TimeSpan.Zero,
            Routing = CanaryRouting.Sticky,
            RandomSeed = seed,
            Environment = _ => "env",
        });
        using var resolver = Create(1);
        using var another = Create(2); // another process: other seed, same names

        async Task<HashSet<string>> OnVault(SecretResolver resolver)
        {
            var result = new HashSet<string>();
            foreach (var name in names)
            {
                var sources = new HashSet<SecretSource>();
                for (var i = 0; i < 20; i++)
                {
                    sources.Add((await resolver.ResolveAsync(name)).Source);
                }

                Assert.Single(sources);
                if (sources.Single() == SecretSource.Vault)
                {
                    result.Add(name);
                }
            }

            return result;
        }

        var at25 = await OnVault(resolver);
        var elsewhere = await OnVault(another);
        rollout.State = rollout.State with { CanaryPercent = 50 };
        var at50 = await OnVault(resolver);

        Assert.InRange(at25.Count, 30, 70);
        Assert.InRange(at50.Count, 80, 120);
        Assert.Subset(at50, at25);
        Assert.Equal(at25.OrderBy(n => n), elsewhere.OrderBy(n => n));
    }

    [Fact]
    public async Task Shadow_mode_serves_env_only_and_counts_matches_and_mismatches()
    {
        using var dir = new TempDirectory();
        var statsPath = dir.File("stats.json");
        _environment["PG_PASSWORD"] = "vault-pg"; // equal to Vault's: a match
        var clock = new ManualClock();
        var returned = new List<string>();
        await using (var resolver = Resolver(new TestRollout(SecretSourceMode.Shadow), clock, statsPath: statsPath))
        {
            for (var i = 0; i < 50; i++)
            {
                var hf = await resolver.ResolveAsync("HF_TOKEN");
                var pg = await resolver.ResolveAsync("PG_PASSWORD");
                Assert.Equal(SecretSource.Env, hf.Source);
                Assert.False(hf.FromCache);
                returned.Add(hf.Value.Reveal());
                returned.Add(pg.Value.Reveal());
                Assert.DoesNotContain(VaultValue, hf.ToString());
            }

            var stats = resolver.Stats.Snapshot();
            Assert.Equal(50, stats.ShadowMismatches);
            Assert.Equal(50, stats.ShadowMatches);
            Assert.Equal(0, stats.VaultHits);
            Assert.Equal(100, stats.Requests);
        }

        Assert.All(returned.Where((_, i) => i % 2 == 0), v => Assert.Equal(EnvValue, v));
        Assert.DoesNotContain(VaultValue, returned);
        var file = File.ReadAllText(statsPath);
        Assert.DoesNotContain(VaultValue, file);
        Assert.DoesNotContain(EnvValue, file);
        Assert.DoesNotContain("vault-pg", file);
        Assert.Equal(2, _peer.Reads);
        var persisted = SecretAccessStatsReader.Read(statsPath, clock.GetUtcNow().AddHours(-1), clock.GetUtcNow().AddHours(1));
        Assert.Equal(50, persisted.ShadowMismatches);
        Assert.Equal(50, persisted.ShadowMatches);
    }

    [Fact]
    public async Task Shadow_mode_with_Vault_down_still_serves_env_and_counts_shadow_errors()
    {
        _peer.Down = true;
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Shadow));

        var resolved = await resolver.ResolveAsync("HF_TOKEN");

        Assert.Equal(EnvValue, resolved.Value.Reveal());
        var stats = resolver.Stats.Snapshot();
        Assert.Equal(1, stats.ShadowErrors);
        Assert.Equal(1, stats.Errors);
    }

    [Fact]
    public async Task Counts_are_exact_while_fast_accesses_are_timed_one_in_sixteen()
    {
        using var resolver = new SecretResolver(_map, _peer.Client(), new TestRollout(SecretSourceMode.Vault).ReadAsync, new SecretResolverOptions
        {
            Clock = new ManualClock(),
            RandomSeed = 11,
            Environment = _ => null,
        });

        for (var i = 0; i < 16_000; i++)
        {
            await resolver.ResolveAsync("HF_TOKEN");
        }

        var stats = resolver.Stats.Snapshot();
        Assert.Equal(16_000, stats.Requests);
        Assert.Equal(15_999, stats.CacheHits);
        Assert.NotNull(stats.MeanCachedLatency);
        Assert.NotNull(stats.MeanVaultLatency);
        Assert.True(stats.CacheEffectiveness > 1, $"{stats.CacheEffectiveness}");
        Assert.NotNull(stats.P50Latency);
        Assert.True(stats.P99Latency >= stats.P50Latency);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SecretResolver(_map, null, new TestRollout(SecretSourceMode.Env).ReadAsync, new SecretResolverOptions { LatencySampling = 3 }));
    }

    [Fact]
    public async Task The_plan_names_sources_without_reading_anything()
    {
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Dual, 25));

        var plan = await resolver.PlanAsync("HF_TOKEN");

        Assert.Equal(PlannedSource.Canary, plan.Source);
        Assert.Contains("vault secret/cwiq/shared/hf#token", plan.Description);
        Assert.Contains("env-fallback", plan.Description);
        Assert.Equal(0, _peer.Reads);
        Assert.Equal(0, resolver.Stats.Snapshot().Requests);
    }
}
