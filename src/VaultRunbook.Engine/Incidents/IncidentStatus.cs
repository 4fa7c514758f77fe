namespace VaultRunbook.Engine.Incidents;

/// <summary>Whether an incident is still being worked (Open) or has passed its post-incident checklist (Closed).</summary>
public enum IncidentStatus
{
    Open,
    Closed,
}
