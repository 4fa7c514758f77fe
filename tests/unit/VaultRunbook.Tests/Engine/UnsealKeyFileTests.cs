using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Unseal;
using Xunit;

namespace VaultRunbook.Tests.Engine;

public sealed class UnsealKeyFileTests : IDisposable
{
    private static readonly string Hex32 = new('a', 64);
    private static readonly string Base64Of33 = Convert.ToBase64String(Enumerable.Range(1, 33).Select(i => (byte)i).ToArray());
    private readonly string _dir = Directory.CreateTempSubdirectory("vr-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string contents, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(_dir, "unseal-keys.txt");
        File.WriteAllText(path, contents);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void Comments_blank_lines_and_init_output_lines_are_understood()
    {
        var path = Write($"# vault-unseal-keys.txt\n\n{Hex32}\n  \nUnseal Key 2: {Base64Of33}\n# end\n");

        var contents = UnsealKeyFile.Read(path);

        Assert.Equal(2, contents.Shares.Count);
        Assert.Equal(Hex32, contents.Shares[0].Value.Reveal());
        Assert.Equal(Base64Of33, contents.Shares[1].Value.Reveal());
        Assert.Equal("line 3 of 'unseal-keys.txt'", contents.Shares[0].Source);
        Assert.Empty(contents.Warnings);
    }

    [Fact]
    public void An_invalid_share_names_its_line_never_its_content()
    {
        var path = Write($"{Hex32}\nnot-a-key!!secretish\n");

        var ex = Assert.Throws<ConfigurationException>(() => UnsealKeyFile.Read(path));

        Assert.Equal("VaultRunbook.Unseal.InvalidKeyFormat", ex.ErrorId);
        Assert.Contains("Line 2", ex.Message);
        Assert.DoesNotContain("secretish", ex.Message);
        Assert.DoesNotContain(Hex32, ex.Message);
    }

    [Fact]
    public void A_missing_file_has_its_own_id()
    {
        var ex = Assert.Throws<ConfigurationException>(() => UnsealKeyFile.Read(Path.Combine(_dir, "missing.txt")));

        Assert.Equal("VaultRunbook.Unseal.KeyFileNotFound", ex.ErrorId);
    }

    [Fact]
    public void A_file_without_shares_is_an_error()
    {
        var ex = Assert.Throws<ConfigurationException>(() => UnsealKeyFile.Read(Write("# nothing here\n\n")));

        Assert.Equal("VaultRunbook.Unseal.NoKeys", ex.ErrorId);
    }

    [Fact]
    public void A_file_others_can_read_gives_a_warning()
    {
        var path = Write(Hex32 + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        var contents = UnsealKeyFile.Read(path);

        Assert.Contains("can be read by group or others", Assert.Single(contents.Warnings));
    }

    [Theory]
    [InlineData("00112233445566778899aabbccddeeff", null)]                 // 16 bytes of hex
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g", null)]  // 33 bytes of base64
    [InlineData("abcd", "shorter than the minimum")]
    [InlineData("zz!!", "not valid hex or base64")]
    [InlineData("", "empty")]
    public void Share_format_follows_vaults_decoding(string share, string? expectedProblem)
    {
        var problem = UnsealKeyFormat.Problem(share);

        if (expectedProblem is null)
        {
            Assert.Null(problem);
        }
        else
        {
            Assert.Contains(expectedProblem, problem);
        }
    }

    [Fact]
    public void A_share_longer_than_33_bytes_is_refused()
    {
        var tooLong = Convert.ToBase64String(new byte[40]);

        Assert.Contains("longer than the maximum", UnsealKeyFormat.Problem(tooLong));
    }
}
