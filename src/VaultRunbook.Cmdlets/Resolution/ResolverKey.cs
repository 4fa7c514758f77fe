using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// What a session resolver depends on: the secret map, the rollout state file, the statistics file and the Vault
/// connection (node, namespace, token, TLS settings, timeout). Calls with equal keys share one resolver and its
/// cache; the token compares by value through <see cref="SensitiveString"/> and never prints.
/// </summary>
internal sealed record ResolverKey(
    string MapPath,
    bool MapGiven,
    string ConfigPath,
    string StatsPath,
    string Address,
    string? Namespace,
    SensitiveString? Token,
    string? CACertificatePath,
    bool SkipCertificateCheck,
    TimeSpan Timeout)
{
    public static ResolverKey Of(string mapPath, bool mapGiven, string configPath, string statsPath, VaultConnectionSettings connection) => new(
        mapPath,
        mapGiven,
        configPath,
        statsPath,
        connection.AddressText,
        connection.Namespace,
        connection.Token,
        connection.CACertificatePath,
        connection.SkipCertificateCheck,
        connection.Timeout);
}
