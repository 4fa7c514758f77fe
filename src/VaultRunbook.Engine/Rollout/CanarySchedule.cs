namespace VaultRunbook.Engine.Rollout;

/// <summary>The runbook's safe schedule: 10 -> 25 -> 50 -> 75 -> 100.</summary>
public static class CanarySchedule
{
    public static IReadOnlyList<int> Steps { get; } = new[] { 10, 25, 50, 75, 100 };

    /// <summary>The next step above <paramref name="current"/>, or null at 100.</summary>
    public static int? Next(int current) => Steps.Where(s => s > current).Cast<int?>().FirstOrDefault();
}
