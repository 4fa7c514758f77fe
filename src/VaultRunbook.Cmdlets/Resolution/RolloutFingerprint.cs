using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Cmdlets.Resolution;

/// <summary>
/// What the effective rollout depends on, read cheaply: the state file's stamp and the four override variables
/// (VAULT_MODE, VAULT_CANARY_PERCENT, VAULT_KILL_SWITCH, VAULT_EMERGENCY_FALLBACK). Taken just before each read of
/// the state, so a change made during the read is seen on the next call.
/// </summary>
internal sealed record RolloutFingerprint(FileStamp File, string? Mode, string? Canary, string? KillSwitch, string? EmergencyFallback)
{
    public static RolloutFingerprint Take(string path) => new(
        FileStamp.Current(path),
        Environment.GetEnvironmentVariable(RolloutOverrides.ModeVariable),
        Environment.GetEnvironmentVariable(RolloutOverrides.CanaryVariable),
        Environment.GetEnvironmentVariable(RolloutOverrides.KillSwitchVariable),
        Environment.GetEnvironmentVariable(RolloutOverrides.EmergencyFallbackVariable));

    /// <summary>Whether the rollout may differ from the one read when this fingerprint was taken.</summary>
    public bool Differs(string path) =>
        File != FileStamp.Current(path)
        || !string.Equals(Mode, Environment.GetEnvironmentVariable(RolloutOverrides.ModeVariable), StringComparison.Ordinal)
        || !string.Equals(Canary, Environment.GetEnvironmentVariable(RolloutOverrides.CanaryVariable), StringComparison.Ordinal)
        || !string.Equals(KillSwitch, Environment.GetEnvironmentVariable(RolloutOverrides.KillSwitchVariable), StringComparison.Ordinal)
        || !string.Equals(EmergencyFallback, Environment.GetEnvironmentVariable(RolloutOverrides.EmergencyFallbackVariable), StringComparison.Ordinal);
}
