namespace VaultRunbook.Engine.Metrics;

/// <summary>What Export-RunbookMetrics wrote: the file, how many samples, from how many objects (and how many it did not know), and when.</summary>
public sealed record RunbookMetricsExport
{
    public required string Path { get; init; }

    public required int Samples { get; init; }

    public required int Objects { get; init; }

    /// <summary>Piped objects that carry no metric here (each gave a warning).</summary>
    public required int Skipped { get; init; }

    /// <summary>The vaultrunbook_last_check_timestamp_seconds written.</summary>
    public required DateTimeOffset CheckedAt { get; init; }

    public override string ToString() => $"{Samples} samples from {Objects} object{(Objects == 1 ? string.Empty : "s")} in {Path}";
}
