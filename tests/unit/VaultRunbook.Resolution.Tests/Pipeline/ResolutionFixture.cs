using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;

namespace VaultRunbook.Resolution.Tests.Pipeline;

/// <summary>
/// What a hosted test needs: a KV peer, a scratch folder with a secret map, a rollout state file and a statistics
/// file, and environment variables with names of its own (the runspace shares this process's environment).
/// </summary>
public sealed class ResolutionFixture : IDisposable
{
    public ResolutionFixture()
    {
        var unique = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        Name = $"VRT_TOKEN_{unique}";
        OtherName = $"VRT_PG_{unique}";
        EnvValue = $"env-secret-{Guid.NewGuid():N}";
        VaultValue = $"vault-secret-{Guid.NewGuid():N}";
        OtherEnvValue = $"env-pg-{Guid.NewGuid():N}";
        OtherVaultValue = $"vault-pg-{Guid.NewGuid():N}";
        Peer.Put("secret/app/hosted", ("token", VaultValue), ("pg", OtherVaultValue));
        Environment.SetEnvironmentVariable(Name, EnvValue);
        Environment.SetEnvironmentVariable(OtherName, OtherEnvValue);
        File.WriteAllText(MapPath, $$"""{ "{{Name}}": { "mount": "secret", "path": "app/hosted", "field": "token" }, "{{OtherName}}": "secret/app/hosted#pg" }""");
        SetRollout(SecretSourceMode.Env);
    }

    public KvPeer Peer { get; } = new();

    public TempDirectory Directory { get; } = new();

    public string Name { get; }

    public string OtherName { get; }

    public string EnvValue { get; }

    public string VaultValue { get; }

    public string OtherEnvValue { get; }

    public string OtherVaultValue { get; }

    public string MapPath => Directory.File("secrets.json");

    public string ConfigPath => Directory.File("rollout.json");

    public string StatsPath => Directory.File("access-stats.json");

    public IReadOnlyList<string> Secrets => new[] { EnvValue, VaultValue, OtherEnvValue, OtherVaultValue };

    /// <summary>The parameters every resolver cmdlet takes here: map, state, statistics and the peer.</summary>
    public string Common =>
        $"-SecretMap '{MapPath}' -ConfigPath '{ConfigPath}' -StatsPath '{StatsPath}' -Address {Peer.Address} -Token ([System.Net.NetworkCredential]::new('', 'hvs.test-token').SecurePassword)";

    /// <summary>The text of a SecureString a cmdlet wrote.</summary>
    public static string Plain(object secure) => new System.Net.NetworkCredential(string.Empty, (System.Security.SecureString)secure).Password;

    public void SetRollout(SecretSourceMode mode, int percent = 0, bool killSwitch = false, bool emergencyFallback = false) =>
        new FileRolloutStore(ConfigPath).UpdateAsync(
            s => s.With("Test", "tests", null, DateTimeOffset.UtcNow, x => x with { Mode = mode, CanaryPercent = percent, KillSwitch = killSwitch, EmergencyFallback = emergencyFallback }),
            CancellationToken.None).GetAwaiter().GetResult();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(Name, null);
        Environment.SetEnvironmentVariable(OtherName, null);
        Peer.Dispose();
        Directory.Dispose();
    }
}
