using System.Text;
using System.Text.Json;
using VaultRunbook.Engine.Audit;
using Xunit;

namespace VaultRunbook.Audit.Tests.Engine;

/// <summary>The audit time fast path gives what Utf8JsonReader's parser gives, and leaves everything unusual to it.</summary>
public sealed class Rfc3339Tests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Equals_Utf8JsonReader_on_random_go_times(int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < 5000; i++)
        {
            var instant = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)(random.NextDouble() * TimeSpan.FromDays(365 * 40).Ticks));
            var digits = random.Next(0, 8);
            var fraction = digits == 0 ? string.Empty : "." + (instant.Ticks % 10_000_000).ToString("D7")[..digits];
            var offsetMinutes = random.Next(3) == 0 ? 0 : random.Next(-14 * 60, 14 * 60 + 1);
            var zone = offsetMinutes == 0 && random.Next(2) == 0
                ? "Z"
                : (offsetMinutes < 0 ? "-" : "+") + $"{Math.Abs(offsetMinutes) / 60:D2}:{Math.Abs(offsetMinutes) % 60:D2}";
            var text = instant.ToString("yyyy-MM-dd'T'HH:mm:ss") + fraction + zone;

            Assert.True(Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out var fast), text);
            var reference = ReferenceParse(text);
            Assert.NotNull(reference);
            Assert.Equal(reference.Value.UtcTicks, fast.UtcTicks);
            Assert.Equal(TimeSpan.Zero, fast.Offset);
        }
    }

    [Theory]
    [InlineData("2025-06-04T20:02:46.123456789Z")]
    [InlineData("2025-06-04T20:02:46.Z")]
    [InlineData("2025-06-04 20:02:46Z")]
    [InlineData("2025-06-04t20:02:46z")]
    [InlineData("2025-06-04T20:02:46")]
    [InlineData("2025-02-30T20:02:46Z")]
    [InlineData("2025-06-04T24:00:00Z")]
    [InlineData("2025-06-04T23:59:60Z")]
    [InlineData("2025-06-04T20:02:46+14:01")]
    [InlineData("2025-06-04T20:02:46+0200")]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("+2025-06-04T20:02:46Z")]
    [InlineData("2025-06-04T20:02:46Zjunk")]
    public void Leaves_every_other_form_to_the_general_parsers(string text)
    {
        Assert.False(Rfc3339.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    private static DateTimeOffset? ReferenceParse(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes("\"" + text + "\""));
        reader.Read();
        return reader.TryGetDateTimeOffset(out var value) ? value : null;
    }
}
