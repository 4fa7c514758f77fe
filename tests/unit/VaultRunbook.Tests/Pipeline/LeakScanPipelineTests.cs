using System.Collections;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>Find-RunbookSecretLeak in a real runspace: planted tokens are found, masked, and never appear in any stream or rendering.</summary>
public sealed class LeakScanPipelineTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"vr-leakscan-{Guid.NewGuid():N}");
    private readonly PowerShellSession _session = new();

    public LeakScanPipelineTests() => Directory.CreateDirectory(Path.Combine(_work, "logs", "old"));

    public void Dispose()
    {
        _session.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public void A_planted_token_is_found_masked_and_never_shown_and_Assert_fails_the_script()
    {
        var vaultToken = "hvs.CAESI" + Guid.NewGuid().ToString("N");
        var hfToken = "hf_" + Guid.NewGuid().ToString("N");
        File.WriteAllLines(Path.Combine(_work, "logs", "app.log"), ["start", $"Authorization: Bearer {vaultToken}", "ok"]);
        File.WriteAllLines(Path.Combine(_work, "logs", "old", "ml.log"), [$"HF_TOKEN={hfToken}"]);
        File.WriteAllLines(Path.Combine(_work, "logs", "clean.log"), ["nothing to see"]);

        var result = _session.Run(
            """
            $found = Find-RunbookSecretLeak -Path (Join-Path $work 'logs') -Verbose
            $found
            $found | Format-List * | Out-String
            $found | ConvertTo-Json
            Find-RunbookSecretLeak -Path (Join-Path $work 'logs') -Assert
            """,
            new Hashtable { ["work"] = _work },
            verboseAndDebug: true);

        var findings = result.Output.Where(o => o.Properties["Kind"] is not null).ToList();
        Assert.Equal(4, findings.Count); // twice two
        Assert.Equal(("VaultServiceToken", 2, "hvs.***"), ((string)findings[0].Properties["Kind"].Value, (int)findings[0].Properties["Line"].Value, (string)findings[0].Properties["Preview"].Value));
        Assert.Equal(("HuggingFaceToken", 1, "hf_" + hfToken[3] + "***"), ((string)findings[1].Properties["Kind"].Value, (int)findings[1].Properties["Line"].Value, (string)findings[1].Properties["Preview"].Value));
        Assert.EndsWith("ml.log", (string)findings[1].Properties["File"].Value, StringComparison.Ordinal);
        Assert.Equal("VaultRunbook.LeakScan.SecretFound", result.StoppingError().FullyQualifiedErrorId);
        var text = result.AllText();
        Assert.DoesNotContain(vaultToken[4..], text, StringComparison.Ordinal);
        Assert.DoesNotContain(hfToken[4..], text, StringComparison.Ordinal);
    }

    [Fact]
    public void Piped_files_a_missing_path_and_a_bad_pattern_give_their_own_errors()
    {
        File.WriteAllText(Path.Combine(_work, "logs", "keys.log"), "id AKIAIOSFODNN7EXAMPLE\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIBkg\n");

        var piped = _session.Run("Get-ChildItem (Join-Path $work 'logs') -Filter *.log | Find-RunbookSecretLeak", new Hashtable { ["work"] = _work });
        var missing = _session.Run("Find-RunbookSecretLeak -Path (Join-Path $work 'nope.log')", new Hashtable { ["work"] = _work });
        var pattern = _session.Run("Find-RunbookSecretLeak -Path $work -Pattern '(unclosed'", new Hashtable { ["work"] = _work });

        Assert.True(piped.Errors.Count == 0, piped.Describe());
        Assert.Equal(["AwsAccessKeyId", "PemPrivateKey"], piped.Output.Select(o => (string)o.Properties["Kind"].Value));
        Assert.DoesNotContain("IOSFODNN7EXAMPLE", piped.AllText(), StringComparison.Ordinal);
        Assert.StartsWith("VaultRunbook.LeakScan.FileNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.StartsWith("VaultRunbook.LeakScan.InvalidPattern", pattern.StoppingError().FullyQualifiedErrorId, StringComparison.Ordinal);
    }
}
