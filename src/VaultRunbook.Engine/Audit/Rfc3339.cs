using System.Runtime.CompilerServices;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Reads the one time form Vault's audit device writes (Go's RFC 3339: <c>2025-06-01T00:00:00.4403595Z</c> or with
/// a <c>±hh:mm</c> offset) without allocating. It accepts only what is unambiguous and exactly representable
/// (at most seven fractional digits, every field in range, years 2 to 9998); anything else is left to the general
/// parsers, which decide.
/// </summary>
internal static class Rfc3339
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset utc)
    {
        utc = default;
        if (text.Length < 20 || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':')
        {
            return false;
        }

        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second))
        {
            return false;
        }

        if (year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var i = 19;
        long fraction = 0;
        if (text[i] == (byte)'.')
        {
            var first = ++i;
            while (i < text.Length && (uint)(text[i] - '0') <= 9)
            {
                fraction = (fraction * 10) + (text[i] - '0');
                i++;
            }

            var digits = i - first;
            if (digits is < 1 or > 7)
            {
                return false;
            }

            for (var d = digits; d < 7; d++)
            {
                fraction *= 10;
            }
        }

        TimeSpan offset;
        if (i == text.Length - 1 && text[i] == (byte)'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (i == text.Length - 6 && text[i] is (byte)'+' or (byte)'-' && text[i + 3] == (byte)':'
            && Digits(text, i + 1, 2, out var offsetHours) && Digits(text, i + 4, 2, out var offsetMinutes)
            && offsetMinutes <= 59 && (offsetHours * 60) + offsetMinutes <= 14 * 60)
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            if (text[i] == (byte)'-')
            {
                offset = -offset;
            }
        }
        else
        {
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fraction);
        utc = new DateTimeOffset(local, offset).ToUniversalTime();
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = (uint)(text[i] - '0');
            if (digit > 9)
            {
                return false;
            }

            value = (value * 10) + (int)digit;
        }

        return true;
    }
}
