using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>The sandbox's fault knob from PowerShell: an outage drill's 503s, dropped connections, and recovery.</summary>
public sealed class SandboxFaultTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _dataPath;

    public SandboxFaultTests()
    {
        var start = _session.Run("$global:sb = Start-VaultSandbox -Shares 1 -Threshold 1; $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null; $sb");
        _dataPath = (string)start.Property(0, "DataPath")!;
    }

    public void Dispose()
    {
        _session.Run("$sb | Stop-VaultSandbox");
        _session.Dispose();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Fact]
    public void A_status_fault_is_an_error_with_vaults_text_until_cleared()
    {
        var during = _session.Run("$sb | Add-VaultSandboxFault -Kind Status -StatusCode 503 | Get-VaultHealth");
        var after = _session.Run("$sb | Clear-VaultSandboxFault | Get-VaultHealth");

        // The fault answers Vault's error body, not a health body: an error record with Vault's text.
        var error = Assert.Single(during.Errors);
        Assert.Equal("VaultRunbook.Vault.Sealed", error.FullyQualifiedErrorId.Split(',')[0]);
        Assert.Contains("Vault is sealed", error.Exception.Message);
        Assert.Empty(during.Output);
        Assert.Equal("Active", after.Property(0, "Status")!.ToString());
    }

    [Fact]
    public void A_fault_that_spares_health_makes_requests_fail_while_health_looks_fine()
    {
        var health = _session.Run("$sb | Add-VaultSandboxFault -Kind Status -StatusCode 503 -ExcludeHealth | Get-VaultHealth");
        var request = _session.Run("Invoke-VaultRequest -Address $sb.Address GET secret/data/anything -Token ([System.Net.NetworkCredential]::new('', 'x').SecurePassword)");

        Assert.Equal("Active", health.Property(0, "Status")!.ToString());
        Assert.Equal("VaultRunbook.Vault.Sealed", Assert.Single(request.Errors).FullyQualifiedErrorId.Split(',')[0]);
    }

    [Fact]
    public void A_dropped_connection_is_unreachable_and_a_timed_fault_expires()
    {
        // Three seconds: the health check (with its retries) lands inside the fault even on a loaded machine.
        var dropped = _session.Run("$sb | Add-VaultSandboxFault -Kind Drop -Duration 00:00:03 | Get-VaultHealth");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        ScriptResult recovered;
        do
        {
            Thread.Sleep(250);
            recovered = _session.Run("$sb | Get-VaultHealth");
        }
        while (recovered.Property(0, "Status")?.ToString() != "Active" && clock.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal("Unreachable", dropped.Property(0, "Status")!.ToString());
        Assert.Equal("Active", recovered.Property(0, "Status")!.ToString());
    }
}
