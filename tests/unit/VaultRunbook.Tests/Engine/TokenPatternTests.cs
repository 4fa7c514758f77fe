using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Leaks;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>The token patterns the leak scan and the notification share: what they find, what they leave alone, and the mask.</summary>
public sealed class TokenPatternTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), $"vr-leaks-{Guid.NewGuid():N}");

    public TokenPatternTests() => Directory.CreateDirectory(_work);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("token=hvs.CAESIJabcdefghijklmnopqrstuvwxyz0123", "VaultServiceToken", "hvs.***")]
    [InlineData("X-Vault-Token: hvb.AAAAAQJabcdefghijklmnopqrstuvwxyz", "VaultBatchToken", "hvb.***")]
    [InlineData("recovery hvr.abcdefghijklmnopqrstuvwx", "VaultRecoveryToken", "hvr.***")]
    [InlineData("\"client_token\":\"s.Fl3EJX4Xn1hnZ1c3bEtn6bM9\"", "VaultLegacyToken", "s.Fl***")]
    [InlineData("HF_TOKEN=hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "HuggingFaceToken", "hf_a***")]
    [InlineData("aws_access_key_id = AKIAIOSFODNN7EXAMPLE", "AwsAccessKeyId", "AKIA***")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----", "PemPrivateKey", "----***")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----", "PemPrivateKey", "----***")]
    public void Each_kind_is_found_and_masked(string line, string kind, string preview)
    {
        var match = Assert.Single(TokenPatterns.Find(line));

        Assert.Equal(kind, match.Kind);
        Assert.Equal(preview, TokenPatterns.Mask(line.Substring(match.Index, match.Length)));
    }

    [Theory]
    [InlineData("hvs.short")]
    [InlineData("vars.abcdefghijklmnopqrstuvwxyz")]
    [InlineData("s.tooShort123")]
    [InlineData("file: /data/s.abcdefghijklmnopqrstuvwxyz")]
    [InlineData("AKIAIOSFODNN7EXAMPLEX")]
    [InlineData("-----BEGIN PUBLIC KEY-----")]
    [InlineData("-----BEGIN CERTIFICATE-----")]
    [InlineData("hf_short")]
    public void Look_alikes_are_left_alone(string line) => Assert.Empty(TokenPatterns.Find(line));

    [Fact]
    public void Redact_masks_every_value_and_keeps_the_rest()
    {
        var text = "a hvs.CAESIJabcdefghijklmnopqrstuvwxyz0123 b AKIAIOSFODNN7EXAMPLE c";

        Assert.Equal("a hvs.*** b AKIA*** c", TokenPatterns.Redact(text));
    }

    [Fact]
    public void The_scanner_gives_file_line_kind_and_a_masked_preview_never_the_token()
    {
        var token = "hvs.CAESIJ" + Guid.NewGuid().ToString("N");
        var log = Path.Combine(_work, "app.log");
        File.WriteAllLines(log, ["started", $"login ok token={token}", "nothing", "ghp_" + new string('a', 36)]);

        var findings = new SecretLeakScanner(TokenPatterns.WithExtra(["ghp_[A-Za-z0-9]{36}"])).Scan(log).ToList();

        Assert.Equal(2, findings.Count);
        Assert.Equal((log, 2, "VaultServiceToken", "hvs.***"), (findings[0].File, findings[0].Line, findings[0].Kind, findings[0].Preview));
        Assert.Equal((4, "Custom", "ghp_***"), (findings[1].Line, findings[1].Kind, findings[1].Preview));
        Assert.DoesNotContain(token[4..], string.Join("\n", findings), StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_file_is_skipped_and_a_folder_is_read_all_levels_down()
    {
        Directory.CreateDirectory(Path.Combine(_work, "a", "b"));
        File.WriteAllBytes(Path.Combine(_work, "a", "core.bin"), [.. "hvs.CAESIJabcdefghijklmnopqrstuvwxyz0123"u8, 0, 1, 2]);
        File.WriteAllText(Path.Combine(_work, "a", "b", "deep.log"), "AKIAIOSFODNN7EXAMPLE\n");
        var scanner = new SecretLeakScanner(TokenPatterns.BuiltIn);

        var findings = SecretLeakScanner.FilesUnder(_work).SelectMany(scanner.Scan).ToList();

        var only = Assert.Single(findings);
        Assert.EndsWith("deep.log", only.File, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_extra_pattern_is_a_usage_error_and_a_missing_file_names_itself()
    {
        Assert.Equal(TokenPatterns.InvalidPatternErrorId, Assert.Throws<ConfigurationException>(() => TokenPatterns.WithExtra(["(unclosed"])).ErrorId);
        var missing = Assert.Throws<ConfigurationException>(() => new SecretLeakScanner(TokenPatterns.BuiltIn).Scan(Path.Combine(_work, "none.log")).ToList());
        Assert.Equal("VaultRunbook.LeakScan.FileNotFound", missing.ErrorId);
    }
}
