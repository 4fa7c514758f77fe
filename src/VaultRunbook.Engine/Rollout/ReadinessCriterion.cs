namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// One criterion: what was measured, against what, and whether it passed. A criterion over N days whose statistics
/// cover less than N days does not pass: <see cref="NotEnoughData"/> says why.
/// </summary>
public sealed record ReadinessCriterion(string Name, string Measured, string Threshold, bool Passed, string? Detail = null)
{
    /// <summary>The statistics do not cover the criterion's whole window yet (then <see cref="Passed"/> is false).</summary>
    public bool NotEnoughData { get; init; }

    /// <summary>Pass, Fail or NotEnoughData.</summary>
    public string Status => Passed ? "Pass" : NotEnoughData ? "NotEnoughData" : "Fail";
}
