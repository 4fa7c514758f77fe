using System.Collections;
using VaultRunbook.Tests.Engine;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>Export-RunbookMetrics fed by real pipelines on the sandbox: health, rollout and a fallback signature.</summary>
public sealed class MetricsExportPipelineTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"vr-prom-{Guid.NewGuid():N}");
    private readonly JournaledSandbox _sandbox;

    public MetricsExportPipelineTests()
    {
        Directory.CreateDirectory(_work);
        _sandbox = new JournaledSandbox();
    }

    public void Dispose()
    {
        _sandbox.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    private ScriptResult Run(string script) => _sandbox.Session.Run(script, new Hashtable { ["work"] = _work });

    [Fact]
    public void Health_rollout_and_signing_objects_become_the_gauges_and_unknown_objects_a_warning()
    {
        var result = Run("""
            $rollout = Join-Path $work 'rollout.json'
            $fb = Join-Path $work 'fallback.json'
            $null = New-FallbackSigningKey -Path $fb -Confirm:$false
            $null = Initialize-VaultTransit @vault -KeyName release -Confirm:$false
            $checks = @(
                $sb | Get-VaultHealth
                Get-VaultHealth -Address 'http://127.0.0.1:1' -TimeoutSec 2
                Set-VaultCanary -ConfigPath $rollout -Percent 30 -Mode Dual -Reason 'test' -PassThru -Confirm:$false
                Enable-KillSwitch -ConfigPath $rollout -Reason 'drill' -Confirm:$false
                Invoke-VaultSign @vault -KeyName release -InputObject 'x' -FallbackKeyPath $fb
                Get-Date
            )
            $checks | Export-RunbookMetrics -Path (Join-Path $work 'vault.prom')
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        var export = Assert.Single(result.Output);
        Assert.Equal((5, 1), ((int)export.Properties["Objects"].Value, (int)export.Properties["Skipped"].Value));
        Assert.Contains(result.Warnings, w => w.Contains("DateTime", StringComparison.Ordinal));
        var samples = RunbookMetricsTests.StrictParse(File.ReadAllText(Path.Combine(_work, "vault.prom")));
        var address = (string)Run("$sb.Address").Output[0].BaseObject;
        Assert.Equal(1, samples.Single(s => s.Name == "vault_up" && s.Labels["address"] == address).Value);
        Assert.Equal(0, samples.Single(s => s.Name == "vault_up" && s.Labels["address"] == "http://127.0.0.1:1").Value);
        Assert.Equal(0, samples.Single(s => s.Name == "vault_sealed").Value); // the unreachable node has no sealed sample
        Assert.Equal(1, samples.Single(s => s.Name == "vaultrunbook_kill_switch_active").Value);
        Assert.Equal(30, samples.Single(s => s.Name == "vaultrunbook_canary_percent").Value);
        Assert.Equal(0, samples.Single(s => s.Name == "vaultrunbook_fallback_signing_active").Value);
        Assert.Empty(Directory.GetFiles(_work, "*.tmp"));
    }

    [Fact]
    public void A_sealed_node_reads_0_up_and_1_sealed_and_a_folder_path_is_an_error()
    {
        var result = Run("""
            $sb | Invoke-VaultSeal -Token $root -Confirm:$false | Out-Null
            $sb | Get-VaultHealth | Export-RunbookMetrics -Path (Join-Path $work 'sealed.prom')
            """);
        var folder = Run("$sb | Get-VaultHealth | Export-RunbookMetrics -Path $work");

        Assert.True(result.Errors.Count == 0, result.Describe());
        var samples = RunbookMetricsTests.StrictParse(File.ReadAllText(Path.Combine(_work, "sealed.prom")));
        Assert.Equal(0, samples.Single(s => s.Name == "vault_up").Value);
        Assert.Equal(1, samples.Single(s => s.Name == "vault_sealed").Value);
        Assert.StartsWith("VaultRunbook.Metrics.FileIsDirectory", folder.StoppingError().FullyQualifiedErrorId, StringComparison.Ordinal);
    }
}
