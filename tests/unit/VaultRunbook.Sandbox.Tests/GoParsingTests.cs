using VaultRunbook.Sandbox.Crypto;
using VaultRunbook.Sandbox.Endpoints;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Tests;

public sealed class GoParsingTests
{
    [Fact]
    public void Query_parsing_follows_Gos_url_ParseQuery()
    {
        GoQuery query = GoQuery.Parse("standbyok&a=1&a=2&b=x+y%21&bad=%zz&semi=1;2&=v");

        Assert.True(query.TryGetFirst("standbyok", out string bare));
        Assert.Equal(string.Empty, bare);
        Assert.True(query.TryGetFirst("a", out string first));
        Assert.Equal("1", first);
        Assert.True(query.TryGetFirst("b", out string spaced));
        Assert.Equal("x y!", spaced);
        Assert.False(query.TryGetFirst("bad", out _));
        Assert.False(query.TryGetFirst("semi", out _));
        Assert.False(query.TryGetFirst("StandbyOK", out _));
    }

    [Theory]
    [InlineData("", true, false)]
    [InlineData("1", true, true)]
    [InlineData("t", true, true)]
    [InlineData("T", true, true)]
    [InlineData("TRUE", true, true)]
    [InlineData("True", true, true)]
    [InlineData("true", true, true)]
    [InlineData("0", true, false)]
    [InlineData("f", true, false)]
    [InlineData("False", true, false)]
    [InlineData("yes", false, false)]
    [InlineData("tRUE", false, false)]
    [InlineData("2", false, false)]
    public void Weak_bool_parsing_matches_parseutil(string text, bool ok, bool value)
    {
        GoQuery query = GoQuery.Parse("standbyok=" + text);
        Assert.Equal(ok, SysHealthEndpoint.TryParseWeakBool(query, "standbyok", out bool parsed));
        Assert.Equal(value, parsed);
    }

    [Theory]
    [InlineData("200", true, 200)]
    [InlineData("+201", true, 201)]
    [InlineData("0299", true, 299)]
    [InlineData("-5", true, -5)]
    [InlineData("", false, 0)]
    [InlineData("1.5", false, 0)]
    [InlineData(" 200", false, 0)]
    [InlineData("abc", false, 0)]
    [InlineData("99999999999999999999", false, 0)]
    public void Code_parsing_matches_strconv_Atoi(string text, bool ok, int value)
    {
        Assert.Equal(ok, SysHealthEndpoint.TryParseGoInt(text, out int parsed));
        if (ok)
        {
            Assert.Equal(value, parsed);
        }
    }

    [Fact]
    public void Unseal_key_decoding_uses_hex_only_within_16_to_33_bytes()
    {
        byte[] key = Enumerable.Range(1, 33).Select(i => (byte)i).ToArray();
        Assert.Equal(key, SysUnsealEndpoint.DecodeKey(Convert.ToHexString(key)));
        Assert.Equal(key, SysUnsealEndpoint.DecodeKey(Convert.ToHexString(key).ToLowerInvariant()));
        Assert.Equal(key, SysUnsealEndpoint.DecodeKey(Convert.ToBase64String(key)));

        // 20 hex digits decode to 10 bytes (< 16), so the text is read as base64: 15 bytes.
        Assert.Equal(15, SysUnsealEndpoint.DecodeKey("00112233445566778899")!.Length);

        // 68 hex digits = 34 bytes (> 33): read as base64 instead, 51 bytes.
        Assert.Equal(51, SysUnsealEndpoint.DecodeKey(new string('a', 68))!.Length);

        Assert.Null(SysUnsealEndpoint.DecodeKey("not base64!"));
        Assert.Equal("ABC"u8.ToArray(), SysUnsealEndpoint.DecodeKey("QUJD"));
        Assert.Null(GoEncoding.TryDecodeStdBase64("QUJDRA")); // Go's StdEncoding needs the padding
        Assert.Null(GoEncoding.TryDecodeStdBase64("QUJD RA=="));
        Assert.Equal("ABCD"u8.ToArray(), GoEncoding.TryDecodeStdBase64("QUJD\r\nRA=="));
    }

    [Fact]
    public void Json_writer_escapes_like_Gos_encoder()
    {
        string json = new GoJsonWriter().BeginObject()
            .String("s", "a\"b\\c\n<>&'+/\u2028\u0001")
            .StringArray("none", null)
            .StringArray("empty", [])
            .Number("n", -3)
            .EndObject().ToString();

        Assert.Equal("{\"s\":\"a\\\"b\\\\c\\n\\u003c\\u003e\\u0026'+/\\u2028\\u0001\",\"none\":null,\"empty\":[],\"n\":-3}\n", json);
    }
}
