namespace VaultRunbook.Engine.Incidents;

/// <summary>How one post-incident checklist item ended.</summary>
public enum ChecklistOutcome
{
    /// <summary>Checked against the real state (journal, rollout state, Vault), or confirmed by the operator where it could not be.</summary>
    Passed,

    /// <summary>The real state says it is not done, or the operator said so.</summary>
    Failed,

    /// <summary>It could not be checked and nobody answered.</summary>
    Unknown,
}
