using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Audit;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Kv;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>The Go formats the KV engine and the audit log rely on.</summary>
public sealed class GoFormatTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(5432.0, "5432")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(0.0000001, "1e-7")]
    [InlineData(1.5e-10, "1.5e-10")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(123456789012345678901234.0, "1.2345678901234569e+23")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    public void Floats_print_like_Gos_encoding_json(double value, string expected) =>
        Assert.Equal(expected, GoFloat.Format(value));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(45, "45s")]
    [InlineData(90, "1m30s")]
    [InlineData(3600, "1h0m0s")]
    [InlineData(12319, "3h25m19s")]
    [InlineData(-1, "-1s")]
    public void Durations_print_like_Gos_Duration_String(long seconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(seconds));

    [Theory]
    [InlineData("300", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5s", 1)]
    [InlineData("90m", 5400)]
    [InlineData("7d", 604800)]
    [InlineData("-1s", -1)]
    [InlineData("0", 0)]
    [InlineData("", 0)]
    [InlineData("500ms", 0)]
    public void Durations_parse_like_parseutil(string text, long expected)
    {
        Assert.True(GoDuration.TryParseSeconds(text, out long seconds));
        Assert.Equal(expected, seconds);
    }

    [Theory]
    [InlineData("1x")]
    [InlineData("h")]
    [InlineData("1h30")]
    [InlineData("abc")]
    public void Bad_durations_are_refused(string text) => Assert.False(GoDuration.TryParseSeconds(text, out _));

    [Theory]
    [InlineData("2024-11-15T02:41:02.556301319Z", true)]
    [InlineData("2025-06-04T16:01:31-04:00", true)]
    [InlineData("2025-06-04T16:01:31Z", true)]
    [InlineData("2025-02-30T16:01:31Z", false)]
    [InlineData("2025-06-04 16:01:31Z", false)]
    [InlineData("", false)]
    [InlineData("5432", false)]
    public void Rfc3339_detection_follows_time_UnmarshalText(string text, bool expected) =>
        Assert.Equal(expected, GoTime.IsRfc3339(text));

    [Fact]
    public void Rfc3339Nano_trims_trailing_zeros()
    {
        Assert.Equal("2024-11-15T02:41:02.5563Z", GoTime.Rfc3339Nano(new DateTime(2024, 11, 15, 2, 41, 2, DateTimeKind.Utc).AddTicks(5_563_000)));
        Assert.Equal("2024-11-15T02:41:02Z", GoTime.Rfc3339Nano(new DateTime(2024, 11, 15, 2, 41, 2, DateTimeKind.Utc)));
    }

    [Fact]
    public void Map_keys_sort_by_utf8_bytes()
    {
        string[] keys = ["b", "\uFB01", "a", "\U0001F600", "B", "10", "2"];
        Assert.Equal(["10", "2", "B", "a", "b", "\uFB01", "\U0001F600"], keys.Order(GoStringComparer.Instance));
        Assert.Equal("{\"10\":1,\"2\":2,\"a\":{\"x\":true,\"y\":null}}", new GoJsonWriter().Node(null, JsonNode.Parse("{\"a\":{\"y\":null,\"x\":true},\"2\":2,\"10\":1}")).ToCompactString());
    }

    [Fact]
    public void Audit_hmac_matches_a_published_vector()
    {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        Assert.Equal("hmac-sha256:5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", new AuditHasher("Jefe").Hash("what do ya want for nothing?"));
    }

    [Fact]
    public void Merge_patch_follows_rfc_7386()
    {
        JsonNode? result = KvV2Rules.MergePatch(JsonNode.Parse("{\"a\":\"b\",\"c\":{\"d\":\"e\",\"f\":\"g\"}}"), JsonNode.Parse("{\"a\":\"z\",\"c\":{\"f\":null}}"));
        Assert.Equal("{\"a\":\"z\",\"c\":{\"d\":\"e\"}}", new GoJsonWriter().Node(null, result).ToCompactString());
        Assert.Equal("[1]", new GoJsonWriter().Node(null, KvV2Rules.MergePatch(JsonNode.Parse("{\"a\":1}"), JsonNode.Parse("[1]"))).ToCompactString());
    }
}
