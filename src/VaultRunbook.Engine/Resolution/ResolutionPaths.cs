using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// Where the resolver's files are when no path is given, in one place for every cmdlet and service:
/// the access statistics (VAULT_RUNBOOK_STATS, else &lt;per-user config&gt;/VaultRunbook/access-stats.json) and
/// the secret map (VAULT_RUNBOOK_SECRET_MAP, else &lt;per-user config&gt;/VaultRunbook/secret-map.json).
/// </summary>
public static class ResolutionPaths
{
    public const string StatsVariable = "VAULT_RUNBOOK_STATS";
    public const string SecretMapVariable = "VAULT_RUNBOOK_SECRET_MAP";

    public static string DefaultStatsPath(Func<string, string?> environment) =>
        FromVariable(environment, StatsVariable) ?? ConfigFolder.File("access-stats.json");

    public static string DefaultSecretMapPath(Func<string, string?> environment) =>
        FromVariable(environment, SecretMapVariable) ?? ConfigFolder.File("secret-map.json");

    private static string? FromVariable(Func<string, string?> environment, string name) =>
        environment(name) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}
