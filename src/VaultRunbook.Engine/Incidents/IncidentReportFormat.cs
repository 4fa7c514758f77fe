namespace VaultRunbook.Engine.Incidents;

/// <summary>The formats of an incident report: Markdown (.md) for a docs repository, self-contained HTML (.html), JSON (.json).</summary>
public enum IncidentReportFormat
{
    Markdown,
    Html,
    Json,
}
