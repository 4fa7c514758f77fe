using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Rollout;

/// <summary>Where the rollout state file is when -ConfigPath is not given: VAULT_RUNBOOK_ROLLOUT, else the per-user config folder.</summary>
public static class RolloutPaths
{
    public const string ConfigVariable = "VAULT_RUNBOOK_ROLLOUT";

    public static string DefaultConfigPath(Func<string, string?> environment) =>
        environment(ConfigVariable) is { Length: > 0 } fromVariable
            ? fromVariable
            : ConfigFolder.File("rollout.json");
}
