using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// With neither -Key nor -KeyFile, Invoke-VaultUnseal asks the host for the shares it needs with a hidden prompt
/// (ReadLineAsSecureString). pwsh's console host reads that only from a terminal, so the session's host answers here.
/// </summary>
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

            foreach (var share in shares)
            {
                session.Host.SecretAnswers.Enqueue(share);
            }

            var result = session.Run($"Invoke-VaultUnseal -Address {address} | ForEach-Object {{ 'sealed=' + $_.Sealed }}", verboseAndDebug: true);

            Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
            Assert.Equal("sealed=False", Assert.Single(result.Output).ToString());
            Assert.Contains("Unseal key share 1 of 2", result.HostText);
            Assert.Empty(session.Host.SecretAnswers);
            Assert.All(shares, share => Assert.DoesNotContain(share, result.AllText()));
        }
        finally
        {
            var dataPath = (string)sandbox.Property(0, "DataPath")!;
            session.Run("$sb | Stop-VaultSandbox");
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public void Shares_typed_once_unseal_every_piped_node_of_the_cluster()
    {
        using var session = new PowerShellSession();
        var first = session.Run("$global:a = Start-VaultSandbox -Shares 3 -Threshold 2; $a");
        var copy = Path.Combine(Path.GetTempPath(), $"vr-node2-{Guid.NewGuid():N}");
        CopyDirectory((string)first.Property(0, "DataPath")!, copy);
        var second = session.Run($"$global:b = Start-VaultSandbox -DataPath '{copy}'; $b"); // same keys: a second node
        try
        {
            Assert.True(second.Errors.Count == 0, second.Describe());
            var shares = File.ReadAllLines((string)first.Property(0, "UnsealKeysPath")!).Where(l => l.Length > 0 && !l.StartsWith('#')).Take(2).ToArray();
            var nodes = $"'{first.Property(0, "Address")}', '{second.Property(0, "Address")}'";

            foreach (var share in shares)
            {
                session.Host.SecretAnswers.Enqueue(share);
            }

            var result = session.Run($"{nodes} | Invoke-VaultUnseal | ForEach-Object {{ 'sealed=' + $_.Sealed }}");

            Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
            Assert.Equal(["sealed=False", "sealed=False"], result.Output.Select(o => o.ToString()));
            Assert.Empty(session.Host.SecretAnswers);
            Assert.DoesNotContain("share 1 of 2 for " + second.Property(0, "Address"), result.HostText);
            Assert.All(shares, share => Assert.DoesNotContain(share, result.AllText()));
        }
        finally
        {
            session.Run("$a, $b | Stop-VaultSandbox");
            Directory.Delete((string)first.Property(0, "DataPath")!, recursive: true);
            Directory.Delete(copy, recursive: true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
