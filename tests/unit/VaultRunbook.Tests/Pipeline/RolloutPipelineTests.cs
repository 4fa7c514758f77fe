using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>The rollout control cmdlets in a real runspace, and two processes changing the state at once.</summary>
public sealed class RolloutPipelineTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("vr-rollout-ps-").FullName;

    private string ConfigPath => Path.Combine(_dir, "rollout.json");

    public void Dispose()
    {
        _session.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-5)]
    public void Set_canary_validates_the_range_with_the_modules_own_error_id(int percent)
    {
        var result = _session.Run($"Set-VaultCanary -Percent {percent} -ConfigPath '{ConfigPath}'");

        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.Rollout.InvalidPercent", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Contains("0 to 100", error.Exception.Message);
        Assert.False(File.Exists(ConfigPath));
    }

    [Fact]
    public void WhatIf_changes_nothing_and_PassThru_outputs_the_state()
    {
        var whatIf = _session.Run($"Set-VaultCanary -Percent 10 -Mode Dual -ConfigPath '{ConfigPath}' -WhatIf");
        var silent = _session.Run($"Set-VaultCanary -Percent 10 -Mode Dual -ConfigPath '{ConfigPath}'");
        var passThru = _session.Run($"Set-VaultCanary -Percent 25 -ConfigPath '{ConfigPath}' -Reason 'step two' -PassThru");

        Assert.Empty(whatIf.Output);
        Assert.Empty(silent.Output);
        Assert.Empty(passThru.Errors);
        var state = Assert.Single(passThru.Output);
        Assert.Equal(25, state.Properties["CanaryPercent"].Value);
        Assert.Equal("Dual", state.Properties["Mode"].Value.ToString());
        Assert.Equal(2, _session.Run($"(Get-VaultRollout -ConfigPath '{ConfigPath}').Stored.History.Count").Output[0].BaseObject);
    }

    [Fact]
    public void Kill_switch_blocks_raising_pipes_its_state_and_is_idempotent()
    {
        _session.Run($"Set-VaultCanary -Percent 25 -Mode Dual -ConfigPath '{ConfigPath}'");

        var enabled = _session.Run($"Enable-KillSwitch -Reason 'vault 503s' -ConfigPath '{ConfigPath}' | ForEach-Object {{ '{{0}}|{{1}}|{{2}}' -f $_.KillSwitch, $_.Stored.Reason, $_.Stored.UpdatedBy }}");
        var again = _session.Run($"Enable-KillSwitch -Reason 'again' -ConfigPath '{ConfigPath}' -Verbose", verboseAndDebug: true);
        var raise = _session.Run($"Set-VaultCanary -Percent 50 -ConfigPath '{ConfigPath}'");
        var noReason = _session.Run($"Enable-KillSwitch -ConfigPath '{ConfigPath}' -Reason ''");

        Assert.StartsWith("True|vault 503s|", Assert.Single(enabled.Output).BaseObject.ToString());
        Assert.Contains(again.Verbose, v => v.Contains("already on"));
        Assert.Equal("VaultRunbook.Rollout.KillSwitchActive", Assert.Single(raise.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("ParameterArgumentValidationError", Assert.Single(noReason.Errors).FullyQualifiedErrorId); // -Reason is mandatory and not empty
        Assert.Equal(2, _session.Run($"(Get-VaultRollout -ConfigPath '{ConfigPath}').Stored.History.Count").Output[0].BaseObject);
    }

    [Fact]
    public void Environment_overrides_show_in_Get_VaultRollout()
    {
        _session.Run($"Set-VaultCanary -Percent 10 -Mode Dual -ConfigPath '{ConfigPath}'");

        var result = _session.Run($"$env:VAULT_KILL_SWITCH = 'true'; try {{ Get-VaultRollout -ConfigPath '{ConfigPath}' }} finally {{ $env:VAULT_KILL_SWITCH = $null }}");

        var rollout = Assert.Single(result.Output);
        Assert.Equal(true, rollout.Properties["KillSwitch"].Value);
        Assert.Contains("VAULT_KILL_SWITCH", _session.Run($"$env:VAULT_KILL_SWITCH = '1'; try {{ (Get-VaultRollout -ConfigPath '{ConfigPath}').Overrides.Variable }} finally {{ $env:VAULT_KILL_SWITCH = $null }}").Output.Select(o => o.ToString()));
    }

    [Fact]
    public async Task Two_processes_changing_the_state_at_once_lose_nothing()
    {
        const int Changes = 12;
        string Script(string who) =>
            $"1..{Changes} | ForEach-Object {{ Set-VaultCanary -Percent $_ -ConfigPath '{ConfigPath}' -Reason ('{who}-' + $_) }}; 'done'";

        var first = Task.Run(() => HostRunner.Run("-NonInteractive", "-Command", Script("a")));
        var second = Task.Run(() => HostRunner.Run("-NonInteractive", "-Command", Script("b")));
        var results = await Task.WhenAll(first, second);

        Assert.All(results, r => Assert.True(r.ExitCode == 0 && r.StdOut.Contains("done"), r.StdErr));
        var reasons = _session.Run($"(Get-VaultRollout -ConfigPath '{ConfigPath}').Stored.History | ForEach-Object Reason").Output.Select(o => o.ToString()!).ToList();
        // A change to the value already stored is a no-op, so some of one writer's steps may coincide with the other's.
        Assert.True(reasons.Count >= Changes, $"history has {reasons.Count} entries");
        Assert.Contains(reasons, r => r.StartsWith("a-", StringComparison.Ordinal));
        Assert.True(reasons.Any(r => r.StartsWith("b-", StringComparison.Ordinal)), string.Join(",", reasons) + "\n" + results[1].StdErr + results[1].StdOut);
        Assert.Equal(reasons.Count, reasons.Distinct().Count());
        Assert.Equal((long)reasons.Count, _session.Run($"(Get-VaultRollout -ConfigPath '{ConfigPath}').Stored.Revision").Output[0].BaseObject);
    }
}
