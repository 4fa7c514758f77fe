namespace VaultRunbook.Resolution.Bench;

/// <summary>One line of the printed table: what was measured, ours, the baseline, their ratio, the goal and whether it is met (null: a figure printed for context, with no goal).</summary>
internal sealed record BenchRow(string Measure, string Ours, string Baseline, string Ratio, string Goal, bool? Met);
