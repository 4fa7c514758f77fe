using System.Text;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>The hand-vectorised byte searches of the audit hot path give exactly what the library's searches give.</summary>
public sealed class ByteSearchTests
{
    [Fact]
    public void The_anchors_of_a_path_literal_are_its_rarest_bytes()
    {
        Assert.Equal((13, 15), ByteSearch.RareAnchors("secret/data/cwiq"u8));
        var (first, second) = ByteSearch.RareAnchors("hmac-sha256:0a0a"u8);
        Assert.True(first < second);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Literal_search_agrees_with_the_library_at_every_offset_and_length(int seed)
    {
        var random = new Random(seed);
        const string alphabet = "secrt/daqwi\"{}:,0123456789abcdef";
        for (var round = 0; round < 4000; round++)
        {
            var literal = RandomBytes(random, alphabet, random.Next(2, 20));
            var haystack = RandomBytes(random, alphabet, random.Next(0, 300));
            if (random.Next(2) == 0 && haystack.Length >= literal.Length)
            {
                // Plant it, sometimes near the end where the vector steps stop.
                var at = random.Next(3) == 0 ? haystack.Length - literal.Length : random.Next(haystack.Length - literal.Length + 1);
                literal.CopyTo(haystack, at);
            }

            var anchors = ByteSearch.RareAnchors(literal);
            Assert.Equal(haystack.AsSpan().IndexOf(literal), ByteSearch.IndexOf(haystack, literal, anchors));
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Byte_search_and_the_ascii_check_agree_with_the_library(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 3000; round++)
        {
            var bytes = RandomBytes(random, "ab\n\\{}", random.Next(0, 200));
            if (random.Next(4) == 0 && bytes.Length > 0)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
            }

            Assert.Equal(bytes.AsSpan().IndexOf((byte)'\n'), ByteSearch.IndexOf(bytes, (byte)'\n'));
            Assert.Equal(System.Text.Ascii.IsValid(bytes), ByteSearch.IsAscii(bytes));
        }
    }

    private static byte[] RandomBytes(Random random, string alphabet, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)alphabet[random.Next(alphabet.Length)];
        }

        return bytes;
    }
}
