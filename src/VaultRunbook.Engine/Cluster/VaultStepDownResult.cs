namespace VaultRunbook.Engine.Cluster;

/// <summary>
/// What a step-down did: who led before, who leads after the wait, and whether another node took over. Address
/// is the node the step-down was sent to.
/// </summary>
public sealed record VaultStepDownResult
{
    public required string Address { get; init; }

    public required string PreviousLeader { get; init; }

    /// <summary>The active node when the wait ended; null when none led then.</summary>
    public string? Leader { get; init; }

    /// <summary>True when a node other than <see cref="PreviousLeader"/> became active within the wait.</summary>
    public bool TookOver { get; init; }

    public TimeSpan Waited { get; init; }

    /// <summary>TookOver, or NoTakeover (no other node took over: none leads, or the same node leads again).</summary>
    public string Outcome => TookOver ? "TookOver" : "NoTakeover";
}
