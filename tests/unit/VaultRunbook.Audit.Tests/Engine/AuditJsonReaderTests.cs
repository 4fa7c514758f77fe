using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using VaultRunbook.Audit.Tests.Support;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>
/// The audit search's own JSON reader against Utf8JsonReader (MaxDepth 256, the settings the search used before):
/// on valid audit lines, on hand-picked defects and on thousands of seeded mutations of real lines, both accept
/// exactly the same texts and, where they accept, give the same tokens at the same places.
/// </summary>
public sealed class AuditJsonReaderTests
{
    private static readonly JsonReaderOptions Reference = new() { MaxDepth = AuditJsonReader.MaxDepth };

    public static TheoryData<string> Defects() => new()
    {
        string.Empty, "   ", "{", "}", "{}}", "{} {}", "{},", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":}", "{a:1}", "{'a':1}",
        "{\"a\":01}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":+1}", "{\"a\":1x}",
        "{\"a\":tru}", "{\"a\":truex}", "{\"a\":nul}", "{\"a\":falsey}", "{\"a\":\"x\ty\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12G4\"}",
        "{\"a\":\"\\u12\"}", "{\"a\":\"abc}", "{\"a\":[1 2]}", "{\"a\":[}", "[\"a\":1]", "{\"a\":1}//c", "/*c*/{}", "{\"a\",1}", "{,}", "[,1]",
        "{\"a\":1 \"b\":2}", "\"abc", "{\"a\":\"\\\"}",
    };

    public static TheoryData<string> Valid() => new()
    {
        "{}", "[]", " { } ", "\t[ ]\r\n", "\"text\"", "0", "-0", "-0.5e+10", "1E-3", "true", "null", "[[],{},[{}]]",
        "{\"a\":[1,-2.5,3e3,true,false,null,\"\\u00e9\\\\\\\"\\/\\b\\f\\n\\r\\t\",{\"b\":{}}]}",
        "{\"p\\u0061th\":\"secret\\/data\\/cwiq\",\"n\":\"caf\u00e9 \u2028\"}",
        "{\"a\" : 1 , \"b\" :[ 1 , 2 ] }",
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Rejects_what_Utf8JsonReader_rejects(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Assert.Null(ReferenceTokens(bytes));
        Assert.Null(OurTokens(bytes));
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public void Accepts_what_Utf8JsonReader_accepts_with_the_same_tokens(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var expected = ReferenceTokens(bytes);
        Assert.NotNull(expected);
        Assert.Equal(expected, OurTokens(bytes));
    }

    [Fact]
    public void Nesting_is_allowed_to_256_levels_and_not_beyond()
    {
        var deepest = Encoding.UTF8.GetBytes(new string('[', 256) + new string(']', 256));
        var tooDeep = Encoding.UTF8.GetBytes(new string('[', 257) + new string(']', 257));

        Assert.NotNull(ReferenceTokens(deepest));
        Assert.Equal(ReferenceTokens(deepest), OurTokens(deepest));
        Assert.Null(ReferenceTokens(tooDeep));
        Assert.Null(OurTokens(tooDeep));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Agrees_with_Utf8JsonReader_on_thousands_of_mutated_audit_lines(int seed)
    {
        var random = new Random(seed);
        var lines = new[]
        {
            AuditLines.Entry(),
            AuditLines.Entry(type: "response", error: "1 error occurred:\n\t* permission denied\n\n", responseDataJson: "{\"n\":[1,-2.5e3,true,null],\"s\":\"a<b\"}"),
            AuditLines.Entry(oldOrder: true, pathJson: "\"secret\\/data\\/cwiq\\u0071\"", requestDataJson: "{\"nested\":{\"deeper\":[[],{}]}}"),
        };
        const string alphabet = "{}[]\":,\\/u019-+.eEtrfalsn \t\r\nx\u0001\u001f";
        var accepted = 0;
        var rejected = 0;
        for (var i = 0; i < 3000; i++)
        {
            var bytes = Mutate(Encoding.UTF8.GetBytes(lines[random.Next(lines.Length)]), random, alphabet);
            if (!Utf8.IsValid(bytes))
            {
                continue;
            }

            var expected = ReferenceTokens(bytes);
            var actual = OurTokens(bytes);
            Assert.True(Equal(expected, actual), $"differs on: {Encoding.UTF8.GetString(bytes)}");
            if (expected is null)
            {
                rejected++;
            }
            else
            {
                accepted++;
            }
        }

        // The mutations must exercise both sides, or the comparison proves little.
        Assert.True(accepted > 300 && rejected > 300, $"accepted {accepted}, rejected {rejected}");
    }

    [Fact]
    public void Skip_leaves_the_reader_after_the_value_and_validates_what_it_skips()
    {
        var good = "{\"skip\":{\"a\":[1,{\"b\":\"c\"}]},\"next\":true}"u8;
        var reader = new AuditJsonReader(good);
        Assert.True(reader.Read());
        Assert.True(reader.Read());
        Assert.True(reader.NameIs("skip"u8));
        Assert.True(reader.Skip());
        Assert.True(reader.Read());
        Assert.Equal(JsonToken.PropertyName, reader.TokenType);
        Assert.True(reader.NameIs("next"u8));

        var bad = "{\"skip\":{\"a\":[1,{\"b\" \"c\"}]},\"next\":true}"u8;
        reader = new AuditJsonReader(bad);
        reader.Read();
        reader.Read();
        Assert.False(reader.Skip());
        Assert.True(reader.Failed);
    }

    [Fact]
    public void An_escaped_property_name_is_compared_unescaped()
    {
        var reader = new AuditJsonReader("{\"p\\u0061th\":1}"u8);
        reader.Read();
        reader.Read();
        Assert.True(reader.ValueIsEscaped);
        Assert.True(reader.NameIs("path"u8));
        Assert.False(reader.NameIs("p\\u0061th"u8));
    }

    [Fact]
    public void A_fragment_reader_stops_after_one_value_wherever_it_starts()
    {
        var json = "{\"policies\":[\"default\",\"a\\u0062\"],\"x\":1}"u8;
        var start = json.IndexOf("["u8);
        var reader = new AuditJsonReader(json, start, fragment: true);
        var strings = new List<string?>();
        while (reader.Read())
        {
            if (reader.TokenType == JsonToken.String)
            {
                strings.Add(reader.Text.Decode(json));
            }
        }

        Assert.False(reader.Failed);
        Assert.Equal(new[] { "default", "ab" }, strings);
    }

    private static byte[] Mutate(byte[] line, Random random, string alphabet)
    {
        var bytes = new List<byte>(line);
        for (var edits = random.Next(1, 4); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            var b = (byte)alphabet[random.Next(alphabet.Length)];
            switch (random.Next(4))
            {
                case 0:
                    bytes.RemoveAt(at);
                    break;
                case 1:
                    bytes.Insert(at, b);
                    break;
                case 2:
                    bytes[at] = b;
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return bytes.ToArray();
    }

    private static bool Equal(List<string>? a, List<string>? b) => a is null ? b is null : b is not null && a.SequenceEqual(b);

    // Every token as "type@start=value": null when Utf8JsonReader throws, or stops before the end.
    private static List<string>? ReferenceTokens(byte[] bytes)
    {
        var tokens = new List<string>();
        try
        {
            var reader = new Utf8JsonReader(bytes, isFinalBlock: true, new JsonReaderState(Reference));
            while (reader.Read())
            {
                var value = reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName
                    ? $"{Encoding.UTF8.GetString(reader.ValueSpan)}|{reader.ValueIsEscaped}"
                    : string.Empty;
                tokens.Add($"{Map(reader.TokenType)}@{reader.TokenStartIndex}={value}");
            }

            return tokens.Count == 0 || reader.BytesConsumed < bytes.Length && bytes.AsSpan((int)reader.BytesConsumed).IndexOfAnyExcept(" \t\r\n"u8) >= 0 ? null : tokens;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static List<string>? OurTokens(byte[] bytes)
    {
        var tokens = new List<string>();
        var reader = new AuditJsonReader(bytes);
        while (reader.Read())
        {
            var value = reader.TokenType is JsonToken.String or JsonToken.PropertyName
                ? $"{Encoding.UTF8.GetString(bytes, reader.ValueStart, reader.ValueLength)}|{reader.ValueIsEscaped}"
                : string.Empty;
            tokens.Add($"{reader.TokenType}@{reader.TokenStart}={value}");
        }

        return reader.Failed || tokens.Count == 0 ? null : tokens;
    }

    private static JsonToken Map(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => JsonToken.StartObject,
        JsonTokenType.EndObject => JsonToken.EndObject,
        JsonTokenType.StartArray => JsonToken.StartArray,
        JsonTokenType.EndArray => JsonToken.EndArray,
        JsonTokenType.PropertyName => JsonToken.PropertyName,
        JsonTokenType.String => JsonToken.String,
        JsonTokenType.Number => JsonToken.Number,
        JsonTokenType.True => JsonToken.True,
        JsonTokenType.False => JsonToken.False,
        JsonTokenType.Null => JsonToken.Null,
        _ => JsonToken.None,
    };
}
