using System.Globalization;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Durations as Vault reads and writes them: parseutil.ParseDurationSecond for input (a number of
/// seconds, "300", a Go duration such as "1h30m" or "1.5s", or days "7d"), and Go's
/// time.Duration.String for output ("0s", "1m30s", "1h0m0s").
/// </summary>
internal static class GoDuration
{
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>Go's Duration.String for a whole number of seconds.</summary>
    public static string Format(long seconds)
    {
        if (seconds == 0)
        {
            return "0s";
        }

        string sign = seconds < 0 ? "-" : string.Empty;
        ulong total = (ulong)Math.Abs(seconds);
        ulong hours = total / 3600, minutes = total % 3600 / 60, rest = total % 60;
        string text = hours > 0
            ? $"{hours}h{minutes}m{rest}s"
            : minutes > 0 ? $"{minutes}m{rest}s" : $"{rest}s";
        return sign + text;
    }

    /// <summary>Seconds (truncated) from a duration string; false when it is not one Vault accepts.</summary>
    public static bool TryParseSeconds(string text, out long seconds)
    {
        seconds = 0;
        text = text.Trim();
        if (text.Length == 0)
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds))
        {
            return true;
        }

        if (text.EndsWith('d') && long.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out long days))
        {
            seconds = days * 86400;
            return true;
        }

        if (!TryParseGo(text, out decimal nanos))
        {
            return false;
        }

        seconds = (long)Math.Truncate(nanos / NanosPerSecond);
        return true;
    }

    /// <summary>Go's time.ParseDuration, in nanoseconds.</summary>
    private static bool TryParseGo(string text, out decimal nanos)
    {
        nanos = 0;
        int i = 0;
        bool negative = false;
        if (text[0] is '-' or '+')
        {
            negative = text[0] == '-';
            i = 1;
        }

        if (text[i..] == "0")
        {
            return true;
        }

        if (i >= text.Length)
        {
            return false;
        }

        while (i < text.Length)
        {
            int start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }

            string number = text[start..i];
            if (number.Length == 0 || number == "." || number.Count(c => c == '.') > 1
                || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value))
            {
                return false;
            }

            int unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }

            decimal? scale = text[unitStart..i] switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => null,
            };
            if (scale is null)
            {
                return false;
            }

            nanos += value * scale.Value;
        }

        nanos = negative ? -nanos : nanos;
        return true;
    }
}
