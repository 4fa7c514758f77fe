using System.Management.Automation;
using System.Security;
using System.Text.Json;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>A lost root token regenerated with the key holders' shares (sys/generate-root), in a real runspace against the sandbox.</summary>
public sealed class RootTokenPipelineTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _journal = Path.Combine(Path.GetTempPath(), $"vaultrunbook-roottoken-{Guid.NewGuid():N}.jsonl");
    private readonly string _dataPath;
    private readonly string[] _keys;
    private readonly string _rootToken;

    public RootTokenPipelineTests()
    {
        var start = _session.Run($"$global:VaultRunbookJournalPath = '{_journal}'; $global:sb = Start-VaultSandbox -Shares 5 -Threshold 3; $sb | Invoke-VaultUnseal -KeyFile $sb.KeyFile | Out-Null; $sb");
        Assert.True(start.Errors.Count == 0, start.Describe());
        _dataPath = (string)start.Property(0, "DataPath")!;
        _keys = File.ReadAllLines((string)start.Property(0, "UnsealKeysPath")!).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        _rootToken = File.ReadAllText((string)start.Property(0, "RootTokenPath")!).Trim();
    }

    public void Dispose()
    {
        _session.Run("if ($global:sb) { $global:sb | Stop-VaultSandbox }");
        _session.Dispose();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }

        File.Delete(_journal);
    }

    private static string Plain(object? secure) => new System.Net.NetworkCredential(string.Empty, (SecureString)((secure as PSObject)?.BaseObject ?? secure!)).Password;

    [Fact]
    public void Start_submit_and_decode_give_a_working_root_token()
    {
        var result = _session.Run("$sb | Start-VaultRootTokenGeneration | Submit-VaultRootTokenKey -KeyFile $sb.KeyFile | ConvertFrom-VaultEncodedRootToken");

        Assert.True(result.Errors.Count == 0, result.Describe());
        var token = Plain(Assert.Single(result.Output));
        Assert.Matches("^hvs\\.[0-9A-Za-z]{24}$", token);
        Assert.NotEqual(_rootToken, token);

        var lookup = _session.Run("Invoke-VaultRequest -Address $sb.Address GET auth/token/lookup-self -Token $t | ForEach-Object { $_.data.display_name, ($_.data.policies -join ',') }", new Dictionary<string, object> { ["t"] = ToSecure(token) });
        Assert.True(lookup.Errors.Count == 0, lookup.Describe());
        Assert.Equal(["root", "root"], lookup.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Submit_stops_at_the_threshold_and_passes_the_otp_on()
    {
        var result = _session.Run("$sb | Start-VaultRootTokenGeneration | Submit-VaultRootTokenKey -KeyFile $sb.KeyFile -Verbose", verboseAndDebug: true);

        Assert.True(result.Errors.Count == 0, result.Describe());
        var done = Assert.Single(result.Output);
        Assert.Equal(true, done.Properties["Complete"].Value);
        Assert.Equal(3, done.Properties["Progress"].Value);
        Assert.NotNull(done.Properties["EncodedToken"].Value);
        Assert.NotNull(done.Properties["Otp"].Value);
        Assert.Contains(result.Verbose, v => v.Contains("3 share(s) submitted")); // 5 in the file, 3 needed
    }

    [Fact]
    public void Shares_can_come_from_several_key_holders_one_at_a_time()
    {
        var start = _session.Run("$global:attempt = $sb | Start-VaultRootTokenGeneration; $attempt");
        Assert.True(start.Errors.Count == 0, start.Describe());
        Assert.Equal(3, start.Property(0, "Required"));

        var first = _session.Run("$attempt | Submit-VaultRootTokenKey -Key $k", new Dictionary<string, object> { ["k"] = ToSecure(_keys[3]) });
        var second = _session.Run("$attempt | Submit-VaultRootTokenKey -Key $k", new Dictionary<string, object> { ["k"] = ToSecure(_keys[1]) });
        var status = _session.Run("$sb | Get-VaultRootTokenGeneration");
        var third = _session.Run("$attempt | Submit-VaultRootTokenKey -Key $k | ConvertFrom-VaultEncodedRootToken", new Dictionary<string, object> { ["k"] = ToSecure(_keys[4]) });

        Assert.Equal(1, first.Property(0, "Progress"));
        Assert.Equal(false, first.Property(0, "Complete"));
        Assert.Equal(2, second.Property(0, "Progress"));
        Assert.Equal(2, status.Property(0, "Progress"));
        Assert.Equal(true, status.Property(0, "Started"));
        Assert.True(third.Errors.Count == 0, third.Describe());
        Assert.StartsWith("hvs.", Plain(Assert.Single(third.Output)));
    }

    [Fact]
    public void Submit_takes_plain_string_shares_and_refuses_a_world_writable_key_file_without_Force()
    {
        var keyFile = Path.Combine(_dataPath, "writable-keys.txt");
        File.WriteAllLines(keyFile, _keys);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite);
        var vars = new Dictionary<string, object> { ["f"] = keyFile, ["k"] = _keys[2] };
        _session.Run("$global:attempt = $sb | Start-VaultRootTokenGeneration");

        var refused = _session.Run("$attempt | Submit-VaultRootTokenKey -KeyFile $f", vars);
        var plain = _session.Run("$attempt | Submit-VaultRootTokenKey -Key $k", vars);
        var forced = _session.Run("$attempt | Submit-VaultRootTokenKey -KeyFile $f -Force | ConvertFrom-VaultEncodedRootToken", vars);

        Assert.StartsWith("VaultRunbook.Unseal.KeyFileWritableByOthers", refused.StoppingError().FullyQualifiedErrorId);
        Assert.Empty(refused.Output);
        Assert.True(plain.Errors.Count == 0, plain.Describe());
        Assert.Equal(1, plain.Property(0, "Progress"));
        Assert.True(forced.Errors.Count == 0, forced.Describe());
        Assert.StartsWith("hvs.", Plain(Assert.Single(forced.Output)));
        Assert.Contains(forced.Warnings, w => w.Contains("any user"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(257)]
    public void A_bad_throttle_limit_gets_the_module_id(int limit)
    {
        var result = _session.Run($"$sb | Get-VaultRootTokenGeneration -ThrottleLimit {limit}");

        Assert.StartsWith("VaultRunbook.Vault.InvalidThrottleLimit", result.StoppingError().FullyQualifiedErrorId);
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_wrong_nonce_is_a_clear_error_and_counts_nothing()
    {
        _session.Run("$sb | Start-VaultRootTokenGeneration | Out-Null");

        var wrong = _session.Run("$sb | Submit-VaultRootTokenKey -Nonce 00000000-0000-0000-0000-000000000000 -Key $k", new Dictionary<string, object> { ["k"] = ToSecure(_keys[0]) });
        var status = _session.Run("$sb | Get-VaultRootTokenGeneration");

        var error = Assert.Single(wrong.Errors);
        Assert.StartsWith("VaultRunbook.RootToken.NonceMismatch", error.FullyQualifiedErrorId);
        Assert.Contains("00000000-0000-0000-0000-000000000000", error.Exception.Message);
        Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
        Assert.Equal(0, status.Property(0, "Progress"));
    }

    [Fact]
    public void Stop_cancels_and_resets_the_progress()
    {
        _session.Run("$sb | Start-VaultRootTokenGeneration | Submit-VaultRootTokenKey -Key $k | Out-Null", new Dictionary<string, object> { ["k"] = ToSecure(_keys[0]) });

        var stopped = _session.Run("$sb | Get-VaultRootTokenGeneration | Stop-VaultRootTokenGeneration -Confirm:$false");
        var after = _session.Run("$sb | Submit-VaultRootTokenKey -Key $k", new Dictionary<string, object> { ["k"] = ToSecure(_keys[1]) });

        Assert.True(stopped.Errors.Count == 0, stopped.Describe());
        Assert.Equal(false, stopped.Property(0, "Started"));
        Assert.Equal(0, stopped.Property(0, "Progress"));
        Assert.StartsWith("VaultRunbook.RootToken.NotStarted", Assert.Single(after.Errors).FullyQualifiedErrorId);
    }

    [Fact]
    public void Invoke_generates_in_one_step_and_its_Token_binds_by_property_name()
    {
        var result = _session.Run("$global:root = $sb | Invoke-VaultRootTokenGeneration -KeyFile $sb.KeyFile; $root");
        var used = _session.Run("$root | Invoke-VaultRequest GET auth/token/lookup-self | ForEach-Object { $_.data.path }");

        Assert.True(result.Errors.Count == 0, result.Describe());
        var root = Assert.Single(result.Output);
        Assert.Equal(3, root.Properties["SharesSubmitted"].Value);
        Assert.IsType<SecureString>(root.Properties["Token"].Value);
        Assert.NotEqual(_rootToken, Plain(root.Properties["Token"].Value));
        Assert.True(used.Errors.Count == 0, used.Describe());
        Assert.Equal("auth/token/root", Assert.Single(used.Output).ToString());
    }

    [Fact]
    public void Invoke_with_a_wrong_share_set_cancels_its_attempt()
    {
        var forged = Convert.FromBase64String(_keys[2]);
        forged[0] ^= 0xFF;

        var result = _session.Run("$sb | Invoke-VaultRootTokenGeneration -Key $k", new Dictionary<string, object> { ["k"] = new[] { ToSecure(_keys[0]), ToSecure(_keys[1]), ToSecure(Convert.ToBase64String(forged)) } });
        var status = _session.Run("$sb | Get-VaultRootTokenGeneration");

        Assert.Empty(result.Output);
        Assert.StartsWith("VaultRunbook.RootToken.KeyRejected", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(false, status.Property(0, "Started"));
    }

    [Fact]
    public void Invoke_refuses_while_another_attempt_runs()
    {
        _session.Run("$sb | Start-VaultRootTokenGeneration | Out-Null");

        var result = _session.Run("$sb | Invoke-VaultRootTokenGeneration -KeyFile $sb.KeyFile");

        Assert.Empty(result.Output);
        Assert.StartsWith("VaultRunbook.RootToken.AlreadyInProgress", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(true, _session.Run("$sb | Get-VaultRootTokenGeneration").Property(0, "Started"));
    }

    [Fact]
    public void ConvertFrom_takes_plain_strings_and_refuses_an_otp_of_another_attempt()
    {
        // The published vector (hashicorp/vault command/operator_generate_root_test.go, see the fixtures' MANIFEST).
        var good = _session.Run("ConvertFrom-VaultEncodedRootToken -EncodedToken Bxg9JQQqOCNKBRICNwMIRzo2J3cWCBRi -Otp 3JhHkONiyiaNYj14nnD9xZQS");
        var shorter = _session.Run("ConvertFrom-VaultEncodedRootToken -EncodedToken Bxg9JQQqOCNKBRICNwMIRzo2J3cWCBRi -Otp 3JhHkONiyiaNYj14nnD9xZQ");
        var notBase64 = _session.Run("ConvertFrom-VaultEncodedRootToken -EncodedToken 'not base64!' -Otp 3JhHkONiyiaNYj14nnD9xZQS");

        Assert.True(good.Errors.Count == 0, good.Describe());
        Assert.Equal("4RUmoevJ3lsLni9sTXcNnRE1", Plain(Assert.Single(good.Output)));
        Assert.StartsWith("VaultRunbook.RootToken.InvalidOtp", Assert.Single(shorter.Errors).FullyQualifiedErrorId);
        Assert.StartsWith("VaultRunbook.RootToken.InvalidEncodedToken", Assert.Single(notBase64.Errors).FullyQualifiedErrorId);
        Assert.DoesNotContain("3JhHkONiyiaNYj14nnD9xZQ", shorter.AllText());
    }

    [Fact]
    public void Start_update_and_cancel_are_journaled_with_the_nonce_and_no_secret()
    {
        var run = _session.Run(
            "$a = $sb | Start-VaultRootTokenGeneration; $a | Submit-VaultRootTokenKey -Key $k | Out-Null; $a | Stop-VaultRootTokenGeneration -Confirm:$false | Out-Null; $a.Nonce; [System.Net.NetworkCredential]::new('', $a.Otp).Password",
            new Dictionary<string, object> { ["k"] = ToSecure(_keys[0]) });
        Assert.True(run.Errors.Count == 0, run.Describe());
        var nonce = run.Output[0].ToString();
        var otp = run.Output[1].ToString();

        var lines = File.ReadAllLines(_journal);
        var actions = lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("action").GetString()!.StartsWith("RootToken", StringComparison.Ordinal)).ToList();
        Assert.Equal(["RootTokenGenerationStart", "RootTokenGenerationUpdate", "RootTokenGenerationCancel"], actions.Select(a => a.GetProperty("action").GetString()));
        Assert.All(actions, a => Assert.Contains(nonce, a.GetProperty("message").GetString()));
        Assert.Equal(1, actions[1].GetProperty("sharesSubmitted").GetInt32());
        Assert.Equal("Cancelled", actions[2].GetProperty("outcome").GetString());
        var text = string.Join("\n", lines);
        Assert.DoesNotContain(otp, text);
        Assert.DoesNotContain(_keys[0], text);
    }

    [Fact]
    public void No_share_otp_encoded_token_or_token_reaches_any_stream()
    {
        var steps = new[]
        {
            _session.Run("$global:a = $sb | Start-VaultRootTokenGeneration -Verbose -Debug; $a", verboseAndDebug: true),
            _session.Run("$global:done = $a | Submit-VaultRootTokenKey -Key $k -Verbose -Debug; $done", new Dictionary<string, object> { ["k"] = new[] { ToSecure(_keys[3]), ToSecure(_keys[3]) } }, verboseAndDebug: true),
            _session.Run("$global:done = $a | Submit-VaultRootTokenKey -KeyFile $sb.KeyFile -Verbose -Debug; $done", verboseAndDebug: true),
            _session.Run("$done | ConvertFrom-VaultEncodedRootToken -Verbose -Debug", verboseAndDebug: true),
            _session.Run("$sb | Invoke-VaultRootTokenGeneration -KeyFile $sb.KeyFile -Verbose -Debug", verboseAndDebug: true),
            _session.Run("$sb | Get-VaultRootTokenGeneration -Verbose -Debug | Out-String", verboseAndDebug: true),
        };
        Assert.Contains(steps[1].Errors, e => e.FullyQualifiedErrorId.StartsWith("VaultRunbook.RootToken.DuplicateKey", StringComparison.Ordinal));
        var secrets = _session.Run(
            "[System.Net.NetworkCredential]::new('', $a.Otp).Password; [System.Net.NetworkCredential]::new('', $done.EncodedToken).Password; [System.Net.NetworkCredential]::new('', ($done | ConvertFrom-VaultEncodedRootToken)).Password")
            .Output.Select(o => o.ToString()).ToList();
        Assert.Equal(3, secrets.Count);
        Assert.All(secrets, s => Assert.True(s.Length >= 28));

        var everything = string.Join("\n", steps.Select(s => s.AllText())) + File.ReadAllText(_journal);
        Assert.True(everything.Length > 500, "the streams were expected to hold text");
        foreach (var secret in secrets.Concat(_keys).Append(_rootToken))
        {
            Assert.DoesNotContain(secret, everything);
        }
    }

    private static SecureString ToSecure(string value) => new System.Net.NetworkCredential(string.Empty, value).SecurePassword;
}
