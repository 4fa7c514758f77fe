using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Engine;

/// <summary>The resolver against the project's Vault sandbox (KV v2 at secret/), up and then stopped.</summary>
public sealed class SandboxResolutionTests : IDisposable
{
    private const string EnvValue = "env-hf-3c9d";
    private const string VaultValue = "vault-hf-a41e";
    private readonly SandboxVault _vault = SandboxVault.Start();
    private readonly SecretMap _map = SecretMap.Parse("""{ "HF_TOKEN": { "mount": "secret", "path": "cwiq/shared/hf", "field": "token" } }""", "map");

    public void Dispose() => _vault.Dispose();

    private SecretResolver Resolver(TestRollout rollout) => new(_map, _vault.Client, rollout.ReadAsync, new SecretResolverOptions
    {
        Clock = new ManualClock(),
        RandomSeed = 3,
        Environment = n => n == "HF_TOKEN" ? EnvValue : null,
    });

    [Fact]
    public async Task Vault_mode_reads_the_sandbox_and_dual_mode_falls_back_to_env_once_it_is_stopped()
    {
        await _vault.PutAsync("cwiq/shared/hf", ("token", VaultValue), ("user", "bot"));
        var rollout = new TestRollout(SecretSourceMode.Vault);
        using var resolver = Resolver(rollout);

        var fromVault = await resolver.ResolveAsync("HF_TOKEN");
        _vault.Server.Stop();
        resolver.ClearCache();
        rollout.State = rollout.State with { Mode = SecretSourceMode.Dual, CanaryPercent = 100 };
        await resolver.RefreshRolloutAsync();
        var duringOutage = new List<ResolvedSecret>();
        for (var i = 0; i < 10; i++)
        {
            duringOutage.Add(await resolver.ResolveAsync("HF_TOKEN"));
        }

        Assert.Equal(VaultValue, fromVault.Value.Reveal());
        Assert.Equal(SecretSource.Vault, fromVault.Source);
        Assert.All(duringOutage, r =>
        {
            Assert.Equal(SecretSource.EnvFallback, r.Source);
            Assert.Equal(EnvValue, r.Value.Reveal());
        });
        var stats = resolver.Stats.Snapshot();
        Assert.Equal(10, stats.EnvFallbacks);
        Assert.Equal(10, stats.Errors);
        Assert.Equal(1, stats.VaultHits);
    }

    [Fact]
    public async Task Shadow_mode_against_the_sandbox_serves_env_and_reports_the_mismatch()
    {
        await _vault.PutAsync("cwiq/shared/hf", ("token", VaultValue));
        using var resolver = Resolver(new TestRollout(SecretSourceMode.Shadow));

        var served = await resolver.ResolveAsync("HF_TOKEN");
        await _vault.PutAsync("cwiq/shared/hf", ("token", EnvValue));
        resolver.ClearCache();
        var afterFix = await resolver.ResolveAsync("HF_TOKEN");

        Assert.Equal(EnvValue, served.Value.Reveal());
        Assert.Equal(EnvValue, afterFix.Value.Reveal());
        var stats = resolver.Stats.Snapshot();
        Assert.Equal(1, stats.ShadowMismatches);
        Assert.Equal(1, stats.ShadowMatches);
    }
}
