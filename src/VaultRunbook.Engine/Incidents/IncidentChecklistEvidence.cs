using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// The real state the post-incident checklist is checked against, as the caller could read it: the action journal's
/// records, the effective rollout state, and the health of the Vault nodes. Null where it could not be read, with
/// the reason, so that item is asked instead.
/// </summary>
public sealed record IncidentChecklistEvidence
{
    public required IReadOnlyList<ActionRecord> Journal { get; init; }

    public required string JournalPath { get; init; }

    public EffectiveRollout? Rollout { get; init; }

    /// <summary>Why the rollout state could not be read.</summary>
    public string? RolloutProblem { get; init; }

    /// <summary>The nodes' health; null when no Vault address was given or found.</summary>
    public IReadOnlyList<VaultHealth>? Health { get; init; }

    /// <summary>Why the health is missing (no address), or a node's error.</summary>
    public string? HealthProblem { get; init; }
}
