using System.Globalization;
using System.Text.RegularExpressions;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// A window start given as a point in time ([DateTime], [DateTimeOffset], '2025-06-01T00:00Z') or as an age
/// ([TimeSpan], '1.00:00:00', or a short form: '90s', '30m', '24h', '7d').
/// </summary>
public sealed partial class SinceParameter
{
    private readonly DateTimeOffset? _at;
    private readonly TimeSpan? _age;

    public SinceParameter(DateTime at) => _at = at.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(at.ToUniversalTime()) : new DateTimeOffset(at);

    public SinceParameter(DateTimeOffset at) => _at = at;

    public SinceParameter(TimeSpan age) => _age = age.Duration();

    public SinceParameter(string text)
    {
        text = text.Trim();
        if (ShortAge().Match(text) is { Success: true } match)
        {
            var amount = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            _age = match.Groups[2].Value.ToLowerInvariant() switch
            {
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
        }
        else if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var age))
        {
            _age = age.Duration();
        }
        else if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeLocal, out var at))
        {
            _at = at;
        }
        else
        {
            throw new ArgumentException($"'{text}' is neither a time (2025-06-01T00:00Z) nor an age (1.00:00:00, 90s, 30m, 24h, 7d).");
        }
    }

    public DateTimeOffset ToPointInTime(DateTimeOffset now) => _at ?? now - _age!.Value;

    public override string ToString() => _at?.ToString("o", CultureInfo.InvariantCulture) ?? _age!.Value.ToString("c", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*([smhd])$", RegexOptions.IgnoreCase)]
    private static partial Regex ShortAge();
}
