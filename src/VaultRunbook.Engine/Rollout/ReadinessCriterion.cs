namespace VaultRunbook.Engine.Rollout;

/// <summary>One criterion: what was measured, against what, and whether it passed.</summary>
public sealed record ReadinessCriterion(string Name, string Measured, string Threshold, bool Passed, string? Detail = null);
