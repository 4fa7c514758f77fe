using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Engine.Resolution;

/// <summary>The rollout as a running resolver applies it until <see cref="NextCheck"/> (a <see cref="ResolverClock"/> time).</summary>
internal sealed record RolloutSnapshot(EffectiveRollout Rollout, SecretSourceMode Mode, long NextCheck, long CacheTtlTicks)
{
    public int CanaryPercent => Rollout.CanaryPercent;

    public bool KillSwitch => Rollout.KillSwitch;

    public bool EmergencyFallback => Rollout.EmergencyFallback;

    /// <summary>The kill switch turns every mode into env, at once.</summary>
    public static RolloutSnapshot Create(EffectiveRollout rollout, long now, long checkIntervalTicks, ResolverClock clock) => new(
        rollout,
        rollout.KillSwitch ? SecretSourceMode.Env : rollout.Mode,
        ResolverClock.Add(now, checkIntervalTicks),
        clock.ToTicks(rollout.CacheTtl));
}
