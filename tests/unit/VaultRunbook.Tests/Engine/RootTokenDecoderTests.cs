using System.Diagnostics;
using System.Security.Cryptography;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.RootToken;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>The OTP decode of `vault operator generate-root -decode` (vault-api-notes 4.3), checked by hand, on the published vector, and against node.</summary>
public sealed class RootTokenDecoderTests
{
    [Fact]
    public void Decodes_a_vector_worked_out_by_hand()
    {
        // token "hvs.x" = 68 76 73 2e 78, OTP "ABCDE" = 41 42 43 44 45; XOR = 29 34 30 6a 3d.
        // base64 by 6-bit groups: 001010 010011 010000 110000 | 011010 100011 110100 = K T Q w | a j 0, no padding.
        var token = RootTokenDecoder.Decode(new SensitiveString("KTQwaj0"), new SensitiveString("ABCDE"));

        Assert.Equal("hvs.x", token.Reveal());
    }

    [Fact]
    public void Decodes_the_vector_published_in_Vaults_tests()
    {
        var token = RootTokenDecoder.Decode(new SensitiveString("Bxg9JQQqOCNKBRICNwMIRzo2J3cWCBRi"), new SensitiveString("3JhHkONiyiaNYj14nnD9xZQS"));

        Assert.Equal("4RUmoevJ3lsLni9sTXcNnRE1", token.Reveal());
    }

    [Fact]
    public void Decodes_what_node_encodes_for_a_28_character_root_token()
    {
        const string base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var token = "hvs." + RandomNumberGenerator.GetString(base62, 24);
        var otp = RandomNumberGenerator.GetString(base62, 28);
        var start = new ProcessStartInfo("node")
        {
            ArgumentList =
            {
                "-e",
                "const [t,o]=process.argv.slice(1).map(s=>Buffer.from(s,'ascii'));process.stdout.write(Buffer.from(t.map((b,i)=>b^o[i])).toString('base64').replace(/=+$/,''))",
                token,
                otp,
            },
            RedirectStandardOutput = true,
        };
        using var node = Process.Start(start)!;
        var encoded = node.StandardOutput.ReadToEnd();
        node.WaitForExit();

        Assert.Equal(38, encoded.Length); // RawStd of 28 bytes
        Assert.Equal(token, RootTokenDecoder.Decode(new SensitiveString(encoded), new SensitiveString(otp)).Reveal());
    }

    [Theory]
    [InlineData("KTQwaj0", "ABCD", RootTokenErrors.InvalidOtp)]
    [InlineData("KTQwaj0", "A4CDE", RootTokenErrors.InvalidOtp)] // right length, wrong OTP: 0x34 ^ "4" is not a token character
    [InlineData("not base64!", "ABCDE", RootTokenErrors.InvalidEncodedToken)]
    public void A_pair_that_does_not_fit_is_a_clear_error_without_the_secrets(string encoded, string otp, string errorId)
    {
        var error = Assert.Throws<RootTokenException>(() => RootTokenDecoder.Decode(new SensitiveString(encoded), new SensitiveString(otp)));

        Assert.Equal(errorId, error.ErrorId);
        Assert.DoesNotContain(otp, error.Message);
    }
}
