using System.Collections;
using System.Management.Automation;
using System.Numerics;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Issue 9 items 5, 9, 13, 16 and issue 16 items 1, 4, 10 through a real runspace: -Assert's one error, plain
/// strings for -Token and -Key, integers that stay integers, -Address completion, header injection, credentials
/// in addresses, and the module's own id for a bad -TimeoutSec or -ThrottleLimit.
/// </summary>
public sealed class ConnectionPipelineTests : IDisposable
{
    private const string Secret = "hvs.PLAINtokenNEVERshown42";
    private readonly PowerShellSession _session = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("vr-conn-").FullName;

    public void Dispose()
    {
        _session.Run("if ($global:sb) { $global:sb | Stop-VaultSandbox }");
        _session.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private void StartSandbox()
    {
        var started = _session.Run($"$global:sb = Start-VaultSandbox -Shares 3 -Threshold 2 -DataPath '{Path.Combine(_dir, "sb")}'");
        Assert.True(started.Errors.Count == 0 && started.Terminating is null, started.Describe());
    }

    [Fact]
    public void Assert_gives_one_error_with_the_module_id_that_a_catch_sees()
    {
        StartSandbox();

        var caught = _session.Run("try { $null = $sb | Get-VaultHealth -Assert; 'not stopped' } catch { 'caught ' + $_.FullyQualifiedErrorId }");
        var uncaught = _session.Run("$null = $sb | Get-VaultHealth -Assert; 'not reached'");

        Assert.StartsWith("caught VaultRunbook.Health.Unhealthy", Assert.Single(caught.Output).BaseObject as string);
        Assert.Empty(caught.Errors);
        Assert.Empty(uncaught.Output); // the script stopped
        var records = uncaught.Errors.Concat(uncaught.Terminating is IContainsErrorRecord t ? [t.ErrorRecord] : Array.Empty<ErrorRecord>()).ToList();
        var record = Assert.Single(records); // not a second "OperationStopped" record
        Assert.StartsWith("VaultRunbook.Health.Unhealthy", record.FullyQualifiedErrorId);
        Assert.Contains("is Sealed", record.Exception.Message);
    }

    [Fact]
    public void Assert_ends_a_file_script_with_exit_code_1_and_prints_the_failure_once()
    {
        var script = Path.Combine(_dir, "check.ps1");
        File.WriteAllText(script, string.Join('\n',
            $"$sb = Start-VaultSandbox -Shares 1 -Threshold 1 -DataPath '{Path.Combine(_dir, "hostsb")}'",
            "Get-VaultHealth -Address $sb.Address -Assert | Out-Null",
            "'after the assert'"));

        var result = HostRunner.Run("-NoProfile", "-NonInteractive", "-File", script);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("after the assert", result.StdOut);
        var all = result.StdOut + result.StdErr;
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(all, "The Vault cluster is not healthy"));
        Assert.DoesNotContain("OperationStopped", all);
        Assert.Contains("Get-VaultHealth:", all); // named as the cmdlet's other errors are
    }

    [Fact]
    public void A_plain_string_token_is_accepted_and_kept_out_of_every_stream()
    {
        StartSandbox();
        _session.Run("$sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null; $global:root = [IO.File]::ReadAllText($sb.RootTokenPath).Trim()");

        var result = _session.Run("Invoke-VaultRequest GET auth/token/lookup-self -Address $sb.Address -Token $root -Verbose", verboseAndDebug: true);
        var bad = _session.Run($"Get-VaultHealth -Address $sb.Address -Token '{Secret}' -ThrottleLimit many", verboseAndDebug: true); // binding fails
        var wrongType = _session.Run("Get-VaultHealth -Address $sb.Address -Token ([datetime]::UtcNow)");

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        Assert.Equal("root", ((object[])((PSObject)result.Property(0, "data")!).Properties["policies"].Value).Single());
        Assert.DoesNotContain(_session.Run("$root").Output[0].BaseObject.ToString()!, result.AllText().Replace("\"id\"", string.Empty).Split('\n').Where(l => !l.StartsWith("data=", StringComparison.Ordinal)));
        Assert.NotNull(bad.StoppingError());
        Assert.DoesNotContain(Secret, bad.AllText());
        Assert.DoesNotContain(Secret, bad.StoppingError().ToString());
        Assert.Contains("not a DateTime", wrongType.StoppingError().ToString());
        Assert.DoesNotContain("SecureString\"", wrongType.StoppingError().ToString());
    }

    [Fact]
    public void Plain_string_keys_unseal_and_a_bad_one_gets_the_module_error_without_its_content()
    {
        StartSandbox();

        var bad = _session.Run("Invoke-VaultUnseal -Address $sb.Address -Key 'abc'", verboseAndDebug: true);
        var good = _session.Run("$keys = [IO.File]::ReadAllLines($sb.UnsealKeysPath) | Where-Object { $_ -and -not $_.StartsWith('#') }; Invoke-VaultUnseal -Address $sb.Address -Key $keys");

        Assert.StartsWith("VaultRunbook.Unseal.InvalidKeyFormat", bad.StoppingError().FullyQualifiedErrorId);
        Assert.DoesNotContain("'abc'", bad.AllText());
        Assert.True(good.Errors.Count == 0 && good.Terminating is null, good.Describe());
        Assert.Equal(false, good.Property(good.Output.Count - 1, "Sealed"));
    }

    [Fact]
    public void Json_integers_stay_integers_and_prometheus_text_comes_back_as_text()
    {
        var metrics = RepoPaths.Fixture("sys-metrics.prometheus.200.prom");
        using var peer = new FixturePeer(request => request.AbsolutePath == "/v1/sys/metrics"
            ? new PeerAnswer(200, metrics, "text/plain; version=0.0.4")
            : new PeerAnswer(200, "{\"data\":{\"ttl\":2764800,\"big\":123456789012345678901234567890,\"ratio\":0.5,\"neg\":-3}}"));
        var variables = new Hashtable { ["peer"] = peer.Address };

        var numbers = _session.Run("Invoke-VaultRequest GET auth/token/lookup-self -Address $peer -Token x | ForEach-Object { $_.data.ttl, $_.data.big, $_.data.ratio, $_.data.neg }", variables);
        var text = _session.Run("Invoke-VaultRequest GET 'sys/metrics?format=prometheus' -Address $peer -Token x", variables);

        Assert.True(numbers.Errors.Count == 0, numbers.Describe());
        Assert.IsType<long>(numbers.Output[0].BaseObject);
        Assert.Equal(2764800L, numbers.Output[0].BaseObject);
        Assert.Equal(BigInteger.Parse("123456789012345678901234567890"), numbers.Output[1].BaseObject);
        Assert.IsType<double>(numbers.Output[2].BaseObject);
        Assert.Equal(-3L, numbers.Output[3].BaseObject);
        Assert.True(text.Errors.Count == 0, text.Describe());
        Assert.Equal(metrics, Assert.Single(text.Output).BaseObject);
        Assert.Contains(peer.Requests, r => r.PathAndQuery == "/v1/sys/metrics?format=prometheus");
    }

    [Fact]
    public void Address_completion_offers_this_sessions_sandboxes_and_used_addresses()
    {
        StartSandbox();
        _session.Run("Get-VaultHealth -Address http://127.0.0.1:9 -TimeoutSec 2 | Out-Null");

        var all = _session.Run("(TabExpansion2 -inputScript 'Get-VaultHealth -Address ' -cursorColumn 25).CompletionMatches.CompletionText");
        var filtered = _session.Run("(TabExpansion2 -inputScript 'Invoke-VaultUnseal -Address 127.0.0.1:9' -cursorColumn 39).CompletionMatches.CompletionText");
        var sandbox = _session.Run("$sb.Address").Output[0].BaseObject;

        var offered = all.Output.Select(o => o.BaseObject).ToList();
        Assert.Contains(sandbox, offered);
        Assert.Contains("http://127.0.0.1:9", offered);
        Assert.Equal("http://127.0.0.1:9", Assert.Single(filtered.Output).BaseObject);
    }

    [Fact]
    public void A_token_with_a_line_break_is_refused_before_anything_reaches_the_wire()
    {
        using var peer = new RawHttpPeer(() => RawHttpPeer.Json(200, "{}"));

        var result = _session.Run("Invoke-VaultRequest GET auth/token/lookup-self -Address $peer -Token \"hvs.X`r`nX-Evil: injected\"", new Hashtable { ["peer"] = peer.Address });

        Assert.StartsWith("VaultRunbook.Vault.InvalidToken", result.StoppingError().FullyQualifiedErrorId);
        Assert.DoesNotContain("X-Evil", result.AllText());
        Assert.Empty(peer.Received);
    }

    [Theory]
    [InlineData("http://ops:S3cret@127.0.0.1:9")]
    [InlineData("ops:S3cret@127.0.0.1:9")]
    [InlineData("ftp://ops:S3cret@127.0.0.1:9")]
    public void Credentials_in_an_address_reach_no_record(string address)
    {
        var result = _session.Run("Invoke-VaultRequest GET sys/health -Address $a -TimeoutSec 2", new Hashtable { ["a"] = address });

        var record = result.StoppingError();
        Assert.DoesNotContain("S3cret", result.AllText());
        Assert.DoesNotContain("S3cret", record.ToString());
        Assert.DoesNotContain("S3cret", Convert.ToString(record.TargetObject) ?? string.Empty);
        Assert.DoesNotContain("S3cret", record.CategoryInfo.ToString());
        Assert.DoesNotContain("S3cret", record.Exception.ToString());
    }

    [Fact]
    public void Credentials_are_ignored_with_a_warning_and_the_output_address_is_clean()
    {
        var result = _session.Run("Get-VaultHealth -Address 'http://ops:S3cret@127.0.0.1:9' -TimeoutSec 2");

        Assert.Equal("http://127.0.0.1:9", result.Property(0, "Address"));
        Assert.Contains(result.Warnings, w => w.Contains("ignored"));
        Assert.DoesNotContain("S3cret", result.AllText());
    }

    [Theory]
    [InlineData("-TimeoutSec 0")]
    [InlineData("-TimeoutSec 3601")]
    [InlineData("-ThrottleLimit 0")]
    public void A_bad_timeout_or_throttle_limit_gets_the_module_id(string parameter)
    {
        var result = _session.Run($"Get-VaultHealth -Address http://127.0.0.1:9 {parameter}");

        Assert.StartsWith(parameter.Contains("Timeout") ? "VaultRunbook.Vault.InvalidTimeout" : "VaultRunbook.Vault.InvalidThrottleLimit", result.StoppingError().FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void The_token_file_warning_is_given_once_per_session()
    {
        var home = Path.Combine(_dir, "home");
        Directory.CreateDirectory(home);
        var tokenFile = Path.Combine(home, ".vault-token");
        File.WriteAllText(tokenFile, "hvs.fromfile\n");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        // In a child host: HOME and VAULT_TOKEN are the process's own, and this test must not change the test run's.
        var result = HostRunner.Run(
            "-NoProfile", "-NonInteractive", "-Command",
            $"$env:HOME = '{home}'; Remove-Item Env:VAULT_TOKEN -ErrorAction Ignore; " +
            "1..3 | ForEach-Object { Get-VaultHealth -Address http://127.0.0.1:9 -TimeoutSec 2 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] } | ForEach-Object { 'W: ' + $_.Message } }");

        var warnings = result.StdOut.Split('\n').Where(l => l.StartsWith("W: ", StringComparison.Ordinal) && l.Contains(".vault-token")).ToList();
        Assert.True(warnings.Count == 1, result.StdOut + result.StdErr);
    }

    [Fact]
    public void A_directory_given_as_a_file_is_named_as_a_directory()
    {
        var ca = _session.Run("Get-VaultHealth -Address https://127.0.0.1:9 -CACertificatePath $d", new Hashtable { ["d"] = _dir });
        var keys = _session.Run("Invoke-VaultUnseal -Address http://127.0.0.1:9 -KeyFile $d", new Hashtable { ["d"] = _dir });

        Assert.StartsWith("VaultRunbook.Vault.CACertificateIsDirectory", ca.StoppingError().FullyQualifiedErrorId);
        Assert.Empty(ca.Output);
        Assert.StartsWith("VaultRunbook.Unseal.KeyFileIsDirectory", keys.StoppingError().FullyQualifiedErrorId);
        Assert.DoesNotContain("does not exist", keys.StoppingError().ToString());
    }
}
