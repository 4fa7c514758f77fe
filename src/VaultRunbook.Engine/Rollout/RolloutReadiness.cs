namespace VaultRunbook.Engine.Rollout;

/// <summary>Whether the rollout may take its next canary step, criterion by criterion.</summary>
public sealed record RolloutReadiness
{
    public required bool Ready { get; init; }

    public required SecretSourceMode Mode { get; init; }

    public required int CurrentPercent { get; init; }

    /// <summary>The next step when ready; the current percentage when not; null at 100 when ready.</summary>
    public int? RecommendedPercent { get; init; }

    public required IReadOnlyList<ReadinessCriterion> Criteria { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }

    public required DateTimeOffset WindowStart { get; init; }

    public IEnumerable<ReadinessCriterion> Failed => Criteria.Where(c => !c.Passed);
}
