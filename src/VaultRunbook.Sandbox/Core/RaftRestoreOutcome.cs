namespace VaultRunbook.Sandbox.Core;

/// <summary>What a raft snapshot restore did (a class, for <see cref="CoreResult{T}"/>).</summary>
internal sealed class RaftRestoreOutcome
{
    private RaftRestoreOutcome(bool sealedAfter) => SealedAfter = sealedAfter;

    public static RaftRestoreOutcome Restored { get; } = new(sealedAfter: false);

    /// <summary>A forced restore of another cluster's snapshot: the node sealed, waiting for that cluster's keys.</summary>
    public static RaftRestoreOutcome RestoredAndSealed { get; } = new(sealedAfter: true);

    public bool SealedAfter { get; }
}
