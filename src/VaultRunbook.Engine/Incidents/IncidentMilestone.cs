namespace VaultRunbook.Engine.Incidents;

/// <summary>A timeline entry that marks a turning point: the time to mitigate and to resolve are measured to it.</summary>
public enum IncidentMilestone
{
    /// <summary>The impact stopped (a workaround, the kill switch, fallback): the first one counts.</summary>
    Mitigated,

    /// <summary>The cause is fixed: the last one counts.</summary>
    Resolved,
}
