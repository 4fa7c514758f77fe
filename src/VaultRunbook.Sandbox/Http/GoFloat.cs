using System.Globalization;
using System.Text;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Formats a float64 the way Go's encoding/json does: the shortest digits that round-trip, plain
/// decimal notation unless |x| &lt; 1e-6 or |x| &gt;= 1e21, then exponent form with a two-digit
/// minimum exponent ("1e+21") and Go's one-digit clean-up for small negative ones ("1e-7").
/// </summary>
internal static class GoFloat
{
    public static string Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), "JSON has no NaN or infinity.");
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        (bool negative, string digits, int point) = Decompose(value);
        var text = new StringBuilder();
        if (negative)
        {
            text.Append('-');
        }

        double magnitude = Math.Abs(value);
        if (magnitude < 1e-6 || magnitude >= 1e21)
        {
            int exponent = point - 1;
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            text.Append('e').Append(exponent < 0 ? '-' : '+');
            int absolute = Math.Abs(exponent);

            // Go writes at least two exponent digits, then trims "e-0X" to "e-X".
            text.Append(absolute < 10 && exponent > 0 ? "0" : string.Empty).Append(absolute.ToString(CultureInfo.InvariantCulture));
            return text.ToString();
        }

        if (point <= 0)
        {
            text.Append("0.").Append('0', -point).Append(digits);
        }
        else if (point >= digits.Length)
        {
            text.Append(digits).Append('0', point - digits.Length);
        }
        else
        {
            text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
        }

        return text.ToString();
    }

    /// <summary>The shortest round-trip digits (no leading/trailing zeros) and where the decimal point goes.</summary>
    private static (bool Negative, string Digits, int Point) Decompose(double value)
    {
        string text = value.ToString("R", CultureInfo.InvariantCulture);
        bool negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        int exponent = 0;
        int e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        int dot = text.IndexOf('.', StringComparison.Ordinal);
        string integer = dot < 0 ? text : text[..dot];
        string fraction = dot < 0 ? string.Empty : text[(dot + 1)..];
        string digits = integer + fraction;
        int point = integer.Length + exponent;
        int leading = 0;
        while (leading < digits.Length - 1 && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits[leading..].TrimEnd('0');
        point -= leading;
        return (negative, digits.Length == 0 ? "0" : digits, point);
    }
}
