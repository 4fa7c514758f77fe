namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// One line of an incident file: Type "opened" (the first line: id, title, severity, deadlines), "entry" (a timeline
/// entry) or "closed" (the last line: the checklist). Lines are only ever appended.
/// </summary>
internal sealed record IncidentLine
{
    public const string Opened = "opened";
    public const string Entry = "entry";
    public const string Closed = "closed";

    public required string Type { get; init; }

    public required DateTimeOffset Time { get; init; }

    public string? Id { get; init; }

    public string? Title { get; init; }

    public int? Severity { get; init; }

    public DateTimeOffset? RespondBy { get; init; }

    public DateTimeOffset? EscalateBy { get; init; }

    public string? Kind { get; init; }

    public string? Summary { get; init; }

    public SummarySeverity? EntrySeverity { get; init; }

    public IncidentMilestone? Milestone { get; init; }

    public IReadOnlyDictionary<string, string>? Properties { get; init; }

    public IReadOnlyList<IncidentChecklistItem>? Checklist { get; init; }

    public bool? Forced { get; init; }

    public string? User { get; init; }

    public string? Machine { get; init; }
}
