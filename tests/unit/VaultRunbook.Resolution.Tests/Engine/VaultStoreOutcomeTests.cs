using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Engine;

/// <summary>
/// A canary change on the Vault store whose write answer is lost (a 500 or a timeout on the way back): the state is
/// read back and the change reported as written, not written, or OutcomeUnknown, never guessed (issue 16, item 2).
/// </summary>
public sealed class VaultStoreOutcomeTests : IDisposable
{
    private const string Mount = "secret";
    private const string Path = "runbook/rollout/api";
    private readonly SandboxVault _vault = SandboxVault.Start();

    public void Dispose() => _vault.Dispose();

    private (RolloutController Controller, AnswerLosingClient Client) Controller(bool writeLands, bool thenUnreachable = false)
    {
        var client = new AnswerLosingClient(_vault.ClientWith(_vault.RootToken)) { WriteLands = writeLands, ThenUnreachable = thenUnreachable };
        return (new RolloutController(new VaultRolloutStore(client, Mount, Path), _ => null), client);
    }

    private async Task<RolloutState> Stored()
    {
        using var client = _vault.ClientWith(_vault.RootToken);
        return await new VaultRolloutStore(client, Mount, Path).ReadAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_write_that_landed_before_its_answer_was_lost_is_reported_as_written_once()
    {
        var (controller, client) = Controller(writeLands: true);

        var rollout = await controller.SetCanaryAsync(25, SecretSourceMode.Dual, "landed", false, "tests", CancellationToken.None);

        var stored = await Stored();
        Assert.Equal(25, rollout.CanaryPercent);
        Assert.Equal(25, stored.CanaryPercent);
        Assert.Equal("landed", Assert.Single(stored.History).Reason);
        Assert.Equal(1, client.Writes);
    }

    [Fact]
    public async Task A_write_that_never_landed_is_NotWritten_and_the_state_is_unchanged()
    {
        var (controller, _) = Controller(writeLands: false);
        await new RolloutController(new VaultRolloutStore(_vault.Client, Mount, Path), _ => null).SetCanaryAsync(10, SecretSourceMode.Dual, "start", false, "tests", CancellationToken.None);

        var ex = await Assert.ThrowsAsync<RolloutException>(() => controller.EnableKillSwitchAsync("vault 503s", false, "tests", CancellationToken.None));

        var stored = await Stored();
        Assert.Equal("VaultRunbook.Rollout.NotWritten", ex.ErrorId);
        Assert.Contains("was not written", ex.Message);
        Assert.False(stored.KillSwitch);
        Assert.Single(stored.History);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_the_state_cannot_be_read_back_either_the_outcome_is_unknown(bool writeLands)
    {
        var (controller, _) = Controller(writeLands, thenUnreachable: true);

        var ex = await Assert.ThrowsAsync<RolloutException>(() => controller.SetCanaryAsync(25, SecretSourceMode.Dual, "lost", false, "tests", CancellationToken.None));

        Assert.Equal("VaultRunbook.Rollout.OutcomeUnknown", ex.ErrorId);
        Assert.Contains("may or may not", ex.Message);
        Assert.Equal($"vault:{Mount}/{Path}", ex.Target);
        Assert.Equal(writeLands ? 25 : 0, (await Stored()).CanaryPercent);
    }
}
