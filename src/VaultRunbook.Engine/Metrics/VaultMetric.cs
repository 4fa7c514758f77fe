using System.Collections;

namespace VaultRunbook.Engine.Metrics;

/// <summary>
/// One sample of a node's Prometheus metrics: its name as exposed (a summary's vault_x_sum and vault_x_count are
/// samples of family vault_x), its labels, its value (NaN and infinities kept), and the family's TYPE and HELP.
/// </summary>
public sealed record VaultMetric
{
    /// <summary>The node it was read from.</summary>
    public required string Node { get; init; }

    public required string Name { get; init; }

    /// <summary>Label name to value (case-sensitive, as Prometheus labels are).</summary>
    public required Hashtable Labels { get; init; }

    public required double Value { get; init; }

    /// <summary>gauge, counter, summary, histogram or untyped.</summary>
    public required string Type { get; init; }

    public string? Help { get; init; }

    /// <summary>The metric family (the name without a summary's or histogram's _sum, _count or _bucket).</summary>
    public required string Family { get; init; }

    /// <summary>The sample's own timestamp, when the exposition gives one.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    public override string ToString() =>
        Labels.Count == 0 ? $"{Name} {Value}" : $"{Name}{{{string.Join(",", Labels.Keys.Cast<string>().Order(StringComparer.Ordinal).Select(k => $"{k}=\"{Labels[k]}\""))}}} {Value}";
}
