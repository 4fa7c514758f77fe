namespace VaultRunbook.Cmdlets.Audit;

/// <summary>Completes a -Since parameter (<see cref="Resolution.SinceParameter"/>) with common ages back from now.</summary>
public sealed class SinceCompleter : FixedValueCompleter
{
    private static readonly (string, string)[] Ages =
    [
        ("15m", "The last 15 minutes"),
        ("1h", "The last hour"),
        ("4h", "The last 4 hours"),
        ("24h", "The last 24 hours"),
        ("7d", "The last 7 days"),
        ("30d", "The last 30 days"),
    ];

    protected override IReadOnlyList<(string Value, string Tooltip)> Values => Ages;
}
