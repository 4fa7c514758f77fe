using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>DESIGN rule 11: the suite's unseal keys and root token never reach any stream, with -Verbose and -Debug on.</summary>
public sealed class LeakTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private string? _dataPath;

    public void Dispose()
    {
        _session.Run("if ($global:sb) { $global:sb | Stop-VaultSandbox }");
        _session.Dispose();
        if (_dataPath is not null && Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }

    [Fact]
    public void Keys_and_root_token_never_appear_in_any_stream()
    {
        var start = _session.Run("$global:sb = Start-VaultSandbox -Shares 5 -Threshold 3 -Verbose -Debug; $sb", verboseAndDebug: true);
        _dataPath = (string)start.Property(0, "DataPath")!;
        var keyLines = File.ReadAllLines((string)start.Property(0, "UnsealKeysPath")!).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        var rootToken = File.ReadAllText((string)start.Property(0, "RootTokenPath")!).Trim();
        Assert.Equal(5, keyLines.Length);
        Assert.StartsWith("hvs.", rootToken);

        const string token = "([System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sb.RootTokenPath).Trim()).SecurePassword)";
        var steps = new[]
        {
            start,
            _session.Run("$sb | Get-VaultHealth -Verbose -Debug", verboseAndDebug: true),
            _session.Run("$sb | Get-VaultSealStatus -Verbose -Debug", verboseAndDebug: true),
            // one good share by -Key, then a wrong one at the threshold: error paths must not echo keys either
            _session.Run($"$sb | Invoke-VaultUnseal -Key ([System.Net.NetworkCredential]::new('', '{keyLines[0]}').SecurePassword), ([System.Net.NetworkCredential]::new('', '{keyLines[1]}').SecurePassword), ([System.Net.NetworkCredential]::new('', '{Convert.ToBase64String(new byte[33])}').SecurePassword) -Verbose -Debug", verboseAndDebug: true),
            _session.Run("$sb | Get-VaultHealth | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath -Verbose -Debug", verboseAndDebug: true),
            _session.Run($"Invoke-VaultRequest -Address $sb.Address GET auth/token/lookup-self -Token {token} -Verbose -Debug | ForEach-Object {{ $_.data.display_name }}", verboseAndDebug: true),
            _session.Run($"$sb | Invoke-VaultSeal -Token {token} -Confirm:$false -Verbose -Debug", verboseAndDebug: true),
            _session.Run("$sb | Restart-VaultSandbox -Verbose -Debug | Get-VaultHealth -Assert", verboseAndDebug: true),
        };

        Assert.Contains(steps[3].Errors, e => e.FullyQualifiedErrorId.StartsWith("VaultRunbook.Unseal.KeyRejected", StringComparison.Ordinal));
        Assert.Contains(steps[5].Output, o => "root".Equals(o.BaseObject));
        var everything = string.Join("\n", steps.Select(s => s.AllText()));
        Assert.True(everything.Length > 500, "the streams were expected to hold text");
        foreach (var key in keyLines)
        {
            Assert.DoesNotContain(key, everything);
            Assert.DoesNotContain(Convert.ToHexString(Convert.FromBase64String(key)), everything, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(rootToken, everything);
    }
}
