using System.Net;
using System.Security;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Start-VaultSandbox hands over what <c>vault server -dev</c> does: the root token (as a SecureString only), the
/// key file under a name Invoke-VaultUnseal takes, and -SetEnvironment for VAULT_ADDR and VAULT_TOKEN (issue 9, item 10).
/// </summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class SandboxConnectTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string? _addressBefore = Environment.GetEnvironmentVariable("VAULT_ADDR");
    private readonly string? _tokenBefore = Environment.GetEnvironmentVariable("VAULT_TOKEN");
    private string? _dataPath;

    public void Dispose()
    {
        _session.Run("if ($sb) { $sb | Stop-VaultSandbox }");
        _session.Dispose();
        Environment.SetEnvironmentVariable("VAULT_ADDR", _addressBefore);
        Environment.SetEnvironmentVariable("VAULT_TOKEN", _tokenBefore);
        if (_dataPath is not null)
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public void SetEnvironment_connects_the_session_and_the_root_token_is_a_SecureString_only()
    {
        var start = _session.Run("$global:sb = Start-VaultSandbox -Shares 1 -Threshold 1 -SetEnvironment -Verbose; $sb", verboseAndDebug: true);
        _dataPath = (string)start.Property(0, "DataPath")!;
        var token = File.ReadAllText((string)start.Property(0, "RootTokenPath")!).Trim();

        // No -Address, no -Token: both come from the session's environment.
        var unseal = _session.Run("$global:VaultRunbookJournalPath = [System.IO.Path]::Combine($sb.DataPath, 'actions.jsonl'); $sb | Invoke-VaultUnseal -KeyFile $sb.KeyFile | Out-Null; Get-VaultSecretMetadata -Path nothing/here -ErrorAction SilentlyContinue; Get-VaultHealth");
        var shown = _session.Run("\"$sb\"; $sb.psobject.Properties | ForEach-Object { '{0}={1}' -f $_.Name, $_.Value }; [string]$sb.RootToken");

        Assert.True(start.Errors.Count == 0, start.Describe());
        Assert.Equal(start.Property(0, "Address"), Environment.GetEnvironmentVariable("VAULT_ADDR"));
        Assert.Equal(token, Environment.GetEnvironmentVariable("VAULT_TOKEN"));
        Assert.Equal(start.Property(0, "UnsealKeysPath"), start.Property(0, "KeyFile"));
        Assert.Equal(token, new NetworkCredential(string.Empty, Assert.IsType<SecureString>(start.Property(0, "RootToken"))).Password);
        Assert.Contains(start.Verbose, v => v.Contains("VAULT_TOKEN", StringComparison.Ordinal));
        Assert.True(unseal.Errors.All(e => e.FullyQualifiedErrorId.StartsWith("VaultRunbook.Secret.NotFound", StringComparison.Ordinal)), unseal.Describe());
        Assert.Equal("Active", unseal.Output.Last().Properties["Status"].Value.ToString());
        Assert.DoesNotContain(token, start.AllText());
        Assert.DoesNotContain(token, shown.AllText());
    }

    [Fact]
    public void Stop_clears_the_variables_that_point_at_the_stopped_sandbox()
    {
        var start = _session.Run("$global:sb = Start-VaultSandbox -Shares 1 -Threshold 1 -SetEnvironment; $sb");
        _dataPath = (string)start.Property(0, "DataPath")!;

        _session.Run("$sb | Stop-VaultSandbox");

        Assert.Null(Environment.GetEnvironmentVariable("VAULT_ADDR"));
        Assert.Null(Environment.GetEnvironmentVariable("VAULT_TOKEN"));
    }

    [Fact]
    public void Without_SetEnvironment_the_environment_is_left_alone()
    {
        Environment.SetEnvironmentVariable("VAULT_ADDR", "http://127.0.0.1:9");
        var start = _session.Run("$global:sb = Start-VaultSandbox -Shares 1 -Threshold 1; $sb");
        _dataPath = (string)start.Property(0, "DataPath")!;

        Assert.Equal("http://127.0.0.1:9", Environment.GetEnvironmentVariable("VAULT_ADDR"));
        _session.Run("$sb | Stop-VaultSandbox");
        Assert.Equal("http://127.0.0.1:9", Environment.GetEnvironmentVariable("VAULT_ADDR"));
    }
}
