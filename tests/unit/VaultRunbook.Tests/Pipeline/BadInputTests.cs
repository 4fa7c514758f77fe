using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>Bad input gets a clear ErrorRecord with a stable ErrorId, and nothing is half done.</summary>
public sealed class BadInputTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("vr-bad-").FullName;

    public void Dispose()
    {
        _session.Run("if ($global:sb) { $global:sb | Stop-VaultSandbox }");
        _session.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Id(ScriptResult result)
    {
        var record = result.Errors.FirstOrDefault() ?? (result.Terminating as System.Management.Automation.IContainsErrorRecord)?.ErrorRecord;
        Assert.True(record is not null, "expected an error record; " + result.Describe());
        return record!.FullyQualifiedErrorId.Split(',')[0];
    }

    [Theory]
    [InlineData("vault.internal:8200")]
    [InlineData("not a url")]
    [InlineData("ftp://vault:8200")]
    public void An_address_without_a_scheme_or_not_a_url(string address)
    {
        var result = _session.Run($"Get-VaultHealth -Address '{address}'");

        Assert.Equal("VaultRunbook.Vault.InvalidAddress", Id(result));
        Assert.Empty(result.Output);
    }

    [Fact]
    public void A_key_file_that_does_not_exist()
    {
        var result = _session.Run($"Invoke-VaultUnseal -Address http://127.0.0.1:1 -KeyFile '{Path.Combine(_dir, "missing.txt")}'");

        Assert.Equal("VaultRunbook.Unseal.KeyFileNotFound", Id(result));
    }

    [Fact]
    public void A_share_that_is_not_hex_or_base64_names_the_line_not_the_content()
    {
        _session.Run("$global:sb = Start-VaultSandbox -Shares 3 -Threshold 2");
        var file = Path.Combine(_dir, "keys.txt");
        File.WriteAllText(file, "# keys\n" + new string('a', 66) + "\nthis-is-not*a key\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var result = _session.Run($"$sb | Invoke-VaultUnseal -KeyFile '{file}'");
        var status = _session.Run("$sb | Get-VaultSealStatus");

        Assert.Equal("VaultRunbook.Unseal.InvalidKeyFormat", Id(result));
        var message = result.AllText();
        Assert.Contains("Line 3", message);
        Assert.DoesNotContain("this-is-not", message);
        Assert.DoesNotContain(new string('a', 66), message);
        Assert.Equal(0, status.Property(0, "Progress")); // checked before any share was sent
    }

    [Fact]
    public void A_port_that_is_already_in_use()
    {
        using var busy = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        busy.Start();
        var port = ((System.Net.IPEndPoint)busy.LocalEndpoint).Port;

        var result = _session.Run($"Start-VaultSandbox -Port {port} -DataPath '{Path.Combine(_dir, "sb")}'");

        Assert.Equal("VaultRunbook.Sandbox.PortInUse", Id(result));
        Assert.Contains(port.ToString(), result.AllText());
        Assert.False(File.Exists(Path.Combine(_dir, "sb", "unseal-keys.txt"))); // nothing half written
    }

    [Fact]
    public void Threshold_greater_than_shares()
    {
        var result = _session.Run($"Start-VaultSandbox -Shares 3 -Threshold 5 -DataPath '{Path.Combine(_dir, "sb2")}'");

        Assert.Equal("VaultRunbook.Sandbox.InvalidThreshold", Id(result));
        Assert.False(Directory.Exists(Path.Combine(_dir, "sb2")));
    }

    [Fact]
    public void Unsealing_an_uninitialised_node()
    {
        _session.Run("$global:sb = Start-VaultSandbox -Uninitialized");
        var file = Path.Combine(_dir, "keys.txt");
        File.WriteAllText(file, new string('b', 66) + "\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var health = _session.Run("$sb | Get-VaultHealth");
        var result = _session.Run($"$sb | Invoke-VaultUnseal -KeyFile '{file}'");

        Assert.Equal("NotInitialized", health.Property(0, "Status")!.ToString());
        Assert.Equal(501, health.Property(0, "StatusCode"));
        Assert.Equal("VaultRunbook.Unseal.NotInitialized", Id(result));
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html><body>Sign in</body></html>", "text/html")]
    [InlineData("", "application/json")]
    public void A_node_that_answers_with_html_or_an_empty_body(string body, string contentType)
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, body, contentType));

        var health = _session.Run($"Get-VaultHealth -Address '{peer.Address}'");
        var unseal = _session.Run($"Invoke-VaultUnseal -Address '{peer.Address}' -Key ([System.Net.NetworkCredential]::new('', '{new string('c', 66)}').SecurePassword)");

        Assert.Equal("VaultRunbook.Vault.InvalidResponse", Id(health));
        Assert.Empty(health.Output);
        Assert.Equal("VaultRunbook.Vault.InvalidResponse", Id(unseal));
        Assert.All(peer.Requests, r => Assert.NotEqual("PUT", r.Method)); // no share sent to a non-Vault peer
    }
}
