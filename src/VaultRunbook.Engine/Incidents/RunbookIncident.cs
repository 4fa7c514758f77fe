namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// An incident as its file tells it: the opening (title, severity 1-4 and the deadlines the severity table sets), the
/// timeline, the milestones, and, once closed, the post-incident checklist. Id binds to the next incident cmdlet.
/// </summary>
public sealed record RunbookIncident
{
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>1 (most urgent) to 4.</summary>
    public required int Severity { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When a responder must be on it (see <see cref="IncidentDeadlines"/>).</summary>
    public required DateTimeOffset RespondBy { get; init; }

    /// <summary>When it escalates if not under control; null for Sev4, which the runbook's table does not escalate.</summary>
    public DateTimeOffset? EscalateBy { get; init; }

    public IncidentStatus Status { get; init; }

    /// <summary>The first Mitigated milestone.</summary>
    public DateTimeOffset? MitigatedAt { get; init; }

    /// <summary>The last Resolved milestone, else the closing time.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Whether it was closed with -Force despite a checklist item that did not pass.</summary>
    public bool ClosedWithForce { get; init; }

    public string? OpenedBy { get; init; }

    public TimeSpan? TimeToMitigate => MitigatedAt - OpenedAt;

    public TimeSpan? TimeToResolve => ResolvedAt - OpenedAt;

    public IReadOnlyList<RunbookIncidentEntry> Entries { get; init; } = [];

    public IReadOnlyList<IncidentChecklistItem> Checklist { get; init; } = [];

    /// <summary>The incident's JSON-lines file.</summary>
    public string? File { get; init; }

    public override string ToString() => $"{Id} Sev{Severity} {Status}: {Title}";
}
