using System.Management.Automation;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>The outage runbook's first slice, Get-VaultHealth | Invoke-VaultUnseal, in a real runspace against the sandbox.</summary>
public sealed class UnsealPipelineTests : IDisposable
{
    private const string StartSandbox = "$global:sb = Start-VaultSandbox -Shares 5 -Threshold 3; $global:sb";
    private readonly PowerShellSession _session = new();
    private readonly List<string> _dataPaths = new();

    public void Dispose()
    {
        _session.Run("Get-Variable -Scope Global | Where-Object { $_.Value -is [VaultRunbook.Cmdlets.Sandbox.VaultSandboxInstance] } | ForEach-Object { $_.Value | Stop-VaultSandbox -Confirm:$false }");
        _session.Dispose();
        foreach (var path in _dataPaths.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private PSObject Start()
    {
        var result = _session.Run(StartSandbox);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        var sandbox = Assert.Single(result.Output);
        _dataPaths.Add((string)sandbox.Properties["DataPath"].Value);
        return sandbox;
    }

    [Fact]
    public void A_fresh_sandbox_reports_sealed_as_a_state_not_an_error()
    {
        Start();

        var result = _session.Run("$sb | Get-VaultHealth");

        Assert.Empty(result.Errors);
        var health = Assert.Single(result.Output);
        Assert.Equal("Sealed", health.Properties["Status"].Value.ToString());
        Assert.Equal(503, health.Properties["StatusCode"].Value);
        Assert.Equal(true, health.Properties["Sealed"].Value);
    }

    [Fact]
    public void Health_piped_to_unseal_unseals_and_the_node_turns_active()
    {
        Start();

        var unseal = _session.Run("$sb | Get-VaultHealth | Where-Object Sealed | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath -Verbose", verboseAndDebug: true);
        var after = _session.Run("$sb | Get-VaultHealth");

        Assert.True(unseal.Errors.Count == 0, unseal.Describe());
        var status = Assert.Single(unseal.Output);
        Assert.Equal(false, status.Properties["Sealed"].Value);
        Assert.Equal(0, status.Properties["Progress"].Value);
        Assert.Contains(unseal.Verbose, v => v.Contains("3 share(s) submitted")); // 5 in the file, only 3 needed
        var health = Assert.Single(after.Output);
        Assert.Equal("Active", health.Properties["Status"].Value.ToString());
        Assert.Equal(200, health.Properties["StatusCode"].Value);
    }

    [Fact]
    public void An_unsealed_node_is_left_alone()
    {
        Start();
        _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath");

        var again = _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath -Verbose", verboseAndDebug: true);

        Assert.Empty(again.Errors);
        Assert.Contains(again.Verbose, v => v.Contains("already unsealed"));
        Assert.Equal(false, Assert.Single(again.Output).Properties["Sealed"].Value);
    }

    [Fact]
    public void WhatIf_sends_no_share()
    {
        Start();

        var whatIf = _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath -WhatIf");
        var status = _session.Run("$sb | Get-VaultSealStatus");

        Assert.Empty(whatIf.Output);
        Assert.Empty(whatIf.Errors);
        Assert.Equal(true, Assert.Single(status.Output).Properties["Sealed"].Value);
        Assert.Equal(0, status.Property(0, "Progress"));
    }

    [Fact]
    public void A_wrong_key_set_is_an_error_record_with_progress_and_no_key_material()
    {
        Start();
        var wrongFile = Path.Combine(Path.GetTempPath(), $"vr-wrong-{Guid.NewGuid():N}.txt");
        var wrong = Enumerable.Range(0, 3).Select(_ => Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(33))).ToArray();
        File.WriteAllLines(wrongFile, wrong);
        File.SetUnixFileMode(wrongFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            var result = _session.Run($"$sb | Invoke-VaultUnseal -KeyFile '{wrongFile}'");

            var error = Assert.Single(result.Errors);
            Assert.Equal("VaultRunbook.Unseal.KeyRejected,VaultRunbook.Cmdlets.Vault.InvokeVaultUnsealCommand", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidData, error.CategoryInfo.Category);
            Assert.Contains("progress is now 0/3", error.Exception.Message);
            Assert.Equal(true, Assert.Single(result.Output).Properties["Sealed"].Value);
            var text = result.AllText();
            Assert.All(wrong, key => Assert.DoesNotContain(key, text));
        }
        finally
        {
            File.Delete(wrongFile);
        }
    }

    [Fact]
    public void Too_few_shares_report_progress_and_reset_discards_it()
    {
        Start();
        var firstShare = File.ReadAllLines((string)_session.Run("$sb.UnsealKeysPath").Output[0].BaseObject).First(l => !l.StartsWith('#') && l.Length > 0);

        var partial = _session.Run("$sb | Invoke-VaultUnseal -Key ([System.Net.NetworkCredential]::new('', $args[0]).SecurePassword)".Replace("$args[0]", $"'{firstShare}'"));
        var reset = _session.Run("$sb | Invoke-VaultUnseal -Reset");

        Assert.Equal("VaultRunbook.Unseal.NotEnoughShares", Assert.Single(partial.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal(1, partial.Property(0, "Progress"));
        Assert.DoesNotContain(firstShare, partial.AllText());
        Assert.Empty(reset.Errors);
        Assert.Equal(0, reset.Property(0, "Progress"));
        Assert.Equal(string.Empty, reset.Property(0, "Nonce"));
    }

    [Fact]
    public void An_unreachable_node_is_reported_and_the_others_go_on()
    {
        Start();
        var dead = $"http://127.0.0.1:{FixturePeer.FreePort()}";

        var result = _session.Run($"Get-VaultHealth -Address $sb.Address, '{dead}', $sb.Address");

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Output.Count);
        Assert.Equal("Sealed", result.Property(0, "Status")!.ToString());
        Assert.Equal("Unreachable", result.Property(1, "Status")!.ToString());
        Assert.Equal("connection refused", result.Property(1, "Reason"));
        Assert.Null(result.Property(1, "StatusCode"));
        Assert.Equal("Sealed", result.Property(2, "Status")!.ToString());
    }

    [Fact]
    public void Fifty_nodes_are_checked_in_parallel_and_reported_in_order()
    {
        var start = _session.Run("$global:many = 1..50 | ForEach-Object { Start-VaultSandbox -Shares 1 -Threshold 1 }; $many.Count");
        try
        {
            Assert.Equal(50, start.Output[0].BaseObject);
            var result = _session.Run("$many | Get-VaultHealth -ThrottleLimit 50");
            var addresses = _session.Run("$many | ForEach-Object Address").Output.Select(o => o.ToString()).ToList();

            Assert.Empty(result.Errors);
            Assert.Equal(50, result.Output.Count);
            Assert.Equal(addresses, result.Output.Select(o => o.Properties["Address"].Value.ToString()!).ToList());
            Assert.All(result.Output, o => Assert.Equal("Sealed", o.Properties["Status"].Value.ToString()));
        }
        finally
        {
            var paths = _session.Run("$many | Stop-VaultSandbox -PassThru | ForEach-Object DataPath").Output.Select(o => o.ToString()!);
            _dataPaths.AddRange(paths);
        }
    }

    [Fact]
    public void A_restarted_sandbox_comes_back_sealed_at_the_same_address_and_keeps_its_data()
    {
        Start();
        var first = _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Get-VaultHealth");
        var clusterId = first.Property(0, "ClusterId");

        var restarted = _session.Run("$sb | Restart-VaultSandbox | Get-VaultHealth");
        var unsealed = _session.Run("$sb | Get-VaultHealth | Where-Object Sealed | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Get-VaultHealth");

        Assert.Equal("Active", first.Property(0, "Status")!.ToString());
        Assert.NotNull(clusterId);
        Assert.Equal("Sealed", restarted.Property(0, "Status")!.ToString());
        Assert.Equal(first.Property(0, "Address"), restarted.Property(0, "Address"));
        Assert.True(unsealed.Errors.Count == 0, unsealed.Describe());
        Assert.Equal("Active", unsealed.Property(0, "Status")!.ToString());
        Assert.Equal(clusterId, unsealed.Property(0, "ClusterId"));
    }

    [Fact]
    public void Assert_ends_the_script_on_an_unhealthy_cluster()
    {
        Start();

        var failing = _session.Run("$sb | Get-VaultHealth -Assert; 'not reached'");
        _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath");
        var passing = _session.Run("$sb | Get-VaultHealth -Assert; 'reached'");

        Assert.DoesNotContain(failing.Output, o => "not reached".Equals(o.BaseObject));
        Assert.StartsWith("VaultRunbook.Health.Unhealthy", failing.StoppingError().FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Null(passing.Terminating);
        Assert.Equal("reached", passing.Output[^1].BaseObject);
    }

    [Fact]
    public void Seal_needs_the_root_token_and_locks_the_node()
    {
        Start();
        _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath");
        const string tokenExpr = "([System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sb.RootTokenPath).Trim()).SecurePassword)";

        var denied = _session.Run("$sb | Invoke-VaultSeal -Token ([System.Net.NetworkCredential]::new('', 'hvs.not-a-token').SecurePassword) -Confirm:$false");
        var sealedNow = _session.Run($"$sb | Invoke-VaultSeal -Token {tokenExpr} -Confirm:$false");

        Assert.Equal("VaultRunbook.Vault.PermissionDenied", Assert.Single(denied.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Empty(sealedNow.Errors);
        Assert.Equal(true, sealedNow.Property(0, "Sealed"));
    }

    [Fact]
    public void Invoke_VaultRequest_reaches_unwrapped_endpoints()
    {
        Start();
        _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath");

        var result = _session.Run("Invoke-VaultRequest -Address $sb.Address -Method GET -Path auth/token/lookup-self -Token ([System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sb.RootTokenPath).Trim()).SecurePassword) | ForEach-Object { $_.data.policies }");

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Contains(result.Output, o => "root".Equals(o.BaseObject));
    }
}
