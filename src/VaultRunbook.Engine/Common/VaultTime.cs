using System.Globalization;
using System.Text.RegularExpressions;

namespace VaultRunbook.Engine.Common;

/// <summary>Vault's RFC3339Nano timestamps ("2024-11-15T02:41:02.556301319Z"); "" means unset.</summary>
public static partial class VaultTime
{
    public static DateTimeOffset? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // .NET keeps 7 fractional digits; Go writes up to 9.
        var trimmed = NanoFraction().Replace(text, m => m.Groups[1].Value);
        return DateTimeOffset.TryParse(trimmed, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
    }

    [GeneratedRegex(@"(\.\d{7})\d+")]
    private static partial Regex NanoFraction();
}
