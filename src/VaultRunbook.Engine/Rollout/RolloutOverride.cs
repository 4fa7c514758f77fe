namespace VaultRunbook.Engine.Rollout;

/// <summary>An environment variable that overrides a stored field, as the services see it.</summary>
public sealed record RolloutOverride(string Variable, string Field, string Value)
{
    public override string ToString() => $"{Variable}={Value}";
}
