using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>The rollout state in a Vault KV v2 path (-Store Vault): shared by every service, no change lost under concurrency.</summary>
public sealed class VaultRolloutStoreTests : IDisposable
{
    private const string Store = "-Store Vault -Mount secret -Path runbook/rollout/api";
    private readonly PowerShellSession _session = new();
    private readonly string _dataPath;
    private readonly string _setup;

    public VaultRolloutStoreTests()
    {
        var start = _session.Run("$global:sb = Start-VaultSandbox -Shares 1 -Threshold 1; $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null; $sb");
        _dataPath = (string)start.Property(0, "DataPath")!;
        var token = File.ReadAllText((string)start.Property(0, "RootTokenPath")!).Trim();
        _setup = $"$PSDefaultParameterValues['*:Address'] = '{start.Property(0, "Address")}'; $PSDefaultParameterValues['*:Token'] = [System.Net.NetworkCredential]::new('', '{token}').SecurePassword";
        _session.Run(_setup);
    }

    public void Dispose()
    {
        _session.Run("$sb | Stop-VaultSandbox");
        _session.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public void State_lives_in_kv_v2_and_every_change_is_a_version()
    {
        var set = _session.Run($"Set-VaultCanary -Percent 25 -Mode Dual -Reason shared {Store} -PassThru");
        var kill = _session.Run($"Enable-KillSwitch -Reason 'vault 503s' {Store}");
        var read = _session.Run($"Get-VaultRollout {Store}");
        var versions = _session.Run("(Get-VaultSecretMetadata -Path runbook/rollout/api).CurrentVersion");
        var raw = _session.Run("(Get-VaultSecret -Path runbook/rollout/api -AsPlainText).Data['state']");

        Assert.True(set.Errors.Count == 0 && kill.Errors.Count == 0, set.Describe() + kill.Describe());
        var rollout = Assert.Single(read.Output);
        Assert.Equal(25, rollout.Properties["CanaryPercent"].Value);
        Assert.Equal(true, rollout.Properties["KillSwitch"].Value);
        Assert.Equal("vault:secret/runbook/rollout/api", rollout.Properties["Store"].Value);
        Assert.Equal(2, versions.Output[0].BaseObject);
        Assert.Contains("\"kill_switch\": true", (string)raw.Output[0].BaseObject);
    }

    [Fact]
    public async Task Two_runspaces_changing_it_at_once_both_land_in_the_history()
    {
        _session.Run("$sb.Latency = [TimeSpan]::FromMilliseconds(40)"); // widen the read-to-write window
        using var other = new PowerShellSession();
        other.Run(_setup);

        var a = Task.Run(() => _session.Run($"1..5 | ForEach-Object {{ Set-VaultCanary -Percent ($_ * 2) -Reason ('a' + $_) {Store} }}"));
        var b = Task.Run(() => other.Run($"1..5 | ForEach-Object {{ Set-VaultCanary -Percent ($_ * 2 + 1) -Reason ('b' + $_) {Store} }}"));
        var results = await Task.WhenAll(a, b);
        _session.Run("$sb.Latency = [TimeSpan]::Zero");

        Assert.All(results, r => Assert.True(r.Errors.Count == 0, r.Describe()));
        var reasons = _session.Run($"(Get-VaultRollout {Store}).Stored.History | ForEach-Object Reason").Output.Select(o => o.ToString()).ToList();
        Assert.Equal(10, reasons.Count);
        Assert.Equal(10, reasons.Distinct().Count());
    }
}
