namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// One line of an incident's timeline: when, what kind of thing (a piped object's kind, a Note, a Milestone), its
/// one-line summary and redacted properties (<see cref="RunbookObjectSummarizer"/>), and the milestone it marks, if any.
/// IncidentId binds to the next Add-RunbookIncidentEntry by property name.
/// </summary>
public sealed record RunbookIncidentEntry
{
    public required string IncidentId { get; init; }

    public required DateTimeOffset Time { get; init; }

    public required string Kind { get; init; }

    public required string Summary { get; init; }

    public SummarySeverity Severity { get; init; }

    public IncidentMilestone? Milestone { get; init; }

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>The operating-system account that recorded it.</summary>
    public string? User { get; init; }

    public override string ToString() => $"{Time:u} {Kind}: {Summary}";
}
