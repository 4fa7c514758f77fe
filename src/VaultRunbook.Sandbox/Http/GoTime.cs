using System.Globalization;
using System.Text.RegularExpressions;

namespace VaultRunbook.Sandbox.Http;

/// <summary>Go's time formats as Vault writes them, and the RFC 3339 test Vault's audit HMAC walker applies.</summary>
internal static partial class GoTime
{
    /// <summary>time.RFC3339Nano in UTC: fractional seconds without trailing zeros, none when whole ("2024-11-15T02:41:02.556301319Z").</summary>
    public static string Rfc3339Nano(DateTime time)
    {
        DateTime utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        string text = utc.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        long fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        if (fraction != 0)
        {
            text += "." + fraction.ToString("0000000", CultureInfo.InvariantCulture).TrimEnd('0');
        }

        return text + "Z";
    }

    /// <summary>time.RFC3339 in UTC, whole seconds ("2025-06-04T20:01:31Z").</summary>
    public static string Rfc3339(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether Go's time.Time.UnmarshalText accepts the string (RFC 3339 with optional fraction):
    /// such strings are left in clear by Vault's audit HMAC.
    /// </summary>
    public static bool IsRfc3339(string text)
    {
        Match match = Rfc3339Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        int Part(string name) => int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        int year = Part("y"), month = Part("mo"), day = Part("d");
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            return false;
        }

        if (Part("h") > 23 || Part("mi") > 59 || Part("s") > 59)
        {
            return false;
        }

        return !match.Groups["oh"].Success || (Part("oh") <= 23 && Part("om") <= 59);
    }

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})T(?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(\.\d+)?(Z|[+-](?<oh>\d{2}):(?<om>\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339Pattern();
}
