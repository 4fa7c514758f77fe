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

    private const UnixFileMode Mode644 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode Mode666 = Mode644 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    [Fact]
    public void A_world_readable_file_warns_that_it_is_read_not_written()
    {
        var contents = UnsealKeyFile.Read(Write(Hex32 + "\n", Mode644));

        Assert.Contains("can be read by group or others (not written)", Assert.Single(contents.Warnings));
    }

    [Fact]
    public void A_world_writable_file_is_refused_unless_allowed()
    {
        var path = Write(Hex32 + "\n", Mode666);

        var ex = Assert.Throws<ConfigurationException>(() => UnsealKeyFile.Read(path));
        var forced = UnsealKeyFile.Read(path, allowWritableByOthers: true);

        Assert.Equal("VaultRunbook.Unseal.KeyFileWritableByOthers", ex.ErrorId);
        Assert.Contains("written by any user", ex.Message);
        Assert.Single(forced.Shares);
        Assert.Contains("read and written by any user", Assert.Single(forced.Warnings));
    }

    [Fact]
    public void A_directory_is_not_said_to_be_missing()
    {
        var ex = Assert.Throws<ConfigurationException>(() => UnsealKeyFile.Read(_dir));

        Assert.Equal("VaultRunbook.Unseal.KeyFileIsDirectory", ex.ErrorId);
        Assert.DoesNotContain("does not exist", ex.Message);
    }

    [Fact]
    public void The_saved_output_of_vault_operator_init_is_accepted_and_its_root_token_passed_over()
    {
        var path = Write($"""
            Unseal Key 1: {Base64Of33}
            Unseal Key 2: {Hex32}

            Initial Root Token: hvs.ROOTtokenNEVERshown

            Vault initialized with 5 key shares and a key threshold of 3. Please securely
            distribute the key shares printed above. When the Vault is re-sealed,
            restarted, or stopped, you must supply at least 3 of these keys to unseal it
            before it can start servicing requests.
            """);

        var contents = UnsealKeyFile.Read(path);

        Assert.Equal(new[] { Base64Of33, Hex32 }, contents.Shares.Select(s => s.Value.Reveal()));
        Assert.DoesNotContain(contents.Shares, s => s.Value.Reveal().Contains("hvs."));
    }

    [Fact]
    public void The_json_output_of_vault_operator_init_is_accepted()
    {
        var path = Write($$"""
            {
              "unseal_keys_b64": ["{{Base64Of33}}"],
              "unseal_keys_hex": ["{{Hex32}}"],
              "unseal_shares": 1,
              "unseal_threshold": 1,
              "root_token": "hvs.ROOTtokenNEVERshown"
            }
            """);

        var contents = UnsealKeyFile.Read(path);

        Assert.Equal(Base64Of33, Assert.Single(contents.Shares).Value.Reveal());
    }
}
