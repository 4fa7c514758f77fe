using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>With neither -Key nor -KeyFile, Invoke-VaultUnseal asks for the shares it needs with a hidden prompt.</summary>
public sealed class UnsealPromptTests
{
    [Fact]
    public void Shares_typed_at_the_hidden_prompt_unseal_and_are_never_echoed()
    {
        using var session = new PowerShellSession();
        var sandbox = session.Run("$global:sb = Start-VaultSandbox -Shares 3 -Threshold 2; $sb");
        try
        {
            var address = (string)sandbox.Property(0, "Address")!;
            var shares = File.ReadAllLines((string)sandbox.Property(0, "UnsealKeysPath")!).Where(l => l.Length > 0 && !l.StartsWith('#')).Take(2).ToArray();

            var result = HostRunner.Run(
                TimeSpan.FromMinutes(2),
                string.Join('\n', shares) + "\n",
                "-Command",
                $"Invoke-VaultUnseal -Address {address} | ForEach-Object {{ 'sealed=' + $_.Sealed }}");

            Assert.True(result.ExitCode == 0, result.StdErr);
            Assert.Contains("sealed=False", result.StdOut);
            Assert.Contains("Unseal key share 1 of 2", result.StdOut + result.StdErr);
            Assert.All(shares, share => Assert.DoesNotContain(share, result.StdOut + result.StdErr));
        }
        finally
        {
            var dataPath = (string)sandbox.Property(0, "DataPath")!;
            session.Run("$sb | Stop-VaultSandbox");
            Directory.Delete(dataPath, recursive: true);
        }
    }
}
