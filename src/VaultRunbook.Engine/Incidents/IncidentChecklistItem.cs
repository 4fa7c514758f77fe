namespace VaultRunbook.Engine.Incidents;

/// <summary>One item of the post-incident checklist: its name, outcome, the evidence, and what decided it (journal, rollout state, vault, operator).</summary>
public sealed record IncidentChecklistItem
{
    /// <summary>FallbackKeyRotated, NoFallbackSignatures, KillSwitchOff, VaultHealthy or RootTokenRevoked.</summary>
    public required string Name { get; init; }

    public required ChecklistOutcome Outcome { get; init; }

    /// <summary>What was found, in one line, never a secret.</summary>
    public required string Evidence { get; init; }

    /// <summary>journal, rollout state, vault, or operator (asked, or answered by -Confirmed).</summary>
    public required string CheckedBy { get; init; }

    public override string ToString() => $"{Name}: {Outcome} ({Evidence})";
}
