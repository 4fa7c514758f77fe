using System.Collections.Concurrent;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// The rollout's rules over a store: every change goes through one read-modify-write and lands in the history with
/// who, when and why. Raising the canary while the kill switch is on is refused unless forced; the kill switch is
/// idempotent.
/// </summary>
public sealed class RolloutController
{
    private readonly IRolloutStore _store;
    private readonly Func<string, string?> _environment;
    private readonly TimeProvider _clock;
    private readonly ConcurrentQueue<string> _warnings = new();

    public RolloutController(IRolloutStore store, Func<string, string?> environment, TimeProvider? clock = null)
    {
        _store = store;
        _environment = environment;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>"user@host", recorded as who made a change.</summary>
    public static string CurrentOperator => $"{Environment.UserName}@{Environment.MachineName}";

    public async Task<EffectiveRollout> GetAsync(CancellationToken cancellationToken) =>
        Effective(await _store.ReadAsync(cancellationToken).ConfigureAwait(false));

    public EffectiveRollout Effective(RolloutState state)
    {
        foreach (var warning in state.Warnings)
        {
            _warnings.Enqueue(warning);
        }

        return RolloutOverrides.Apply(state, _store.Location, _environment);
    }

    /// <summary>What reading the state noticed without refusing it (an unknown field), since the last call.</summary>
    public IReadOnlyList<string> TakeWarnings()
    {
        var taken = new List<string>();
        while (_warnings.TryDequeue(out var warning))
        {
            taken.Add(warning);
        }

        return taken;
    }

    public async Task<EffectiveRollout> SetCanaryAsync(int percent, SecretSourceMode? mode, string? reason, bool force, string by, CancellationToken cancellationToken)
    {
        RolloutRules.CheckPercent(percent, "The canary percentage");

        var state = await _store.UpdateAsync(
            current =>
            {
                if (current.KillSwitch && percent > current.CanaryPercent && !force)
                {
                    throw KillSwitchOn(current);
                }

                if (current.CanaryPercent == percent && (mode is null || mode == current.Mode))
                {
                    return current;
                }

                return current.With("SetCanary", by, reason, _clock.GetUtcNow(), s => s with { CanaryPercent = percent, Mode = mode ?? s.Mode });
            },
            cancellationToken).ConfigureAwait(false);
        return Effective(state);
    }

    /// <summary>
    /// Moves to the next step of 10 -> 25 -> 50 -> 75 -> 100 (dual mode). <paramref name="readiness"/> must be Ready
    /// unless <paramref name="force"/>.
    /// </summary>
    public async Task<EffectiveRollout> StepAsync(RolloutReadiness? readiness, string? reason, bool force, string by, CancellationToken cancellationToken)
    {
        var state = await _store.UpdateAsync(
            current =>
            {
                var next = CanarySchedule.Next(current.CanaryPercent)
                    ?? throw new RolloutException("VaultRunbook.Rollout.ScheduleComplete", $"The canary is already at {current.CanaryPercent}%: the schedule is complete. Set -Mode Vault when the service should read Vault only.", _store.Location);
                if (current.KillSwitch && !force)
                {
                    throw KillSwitchOn(current);
                }

                if (!force && readiness is not { Ready: true })
                {
                    var failed = readiness is null ? "no readiness check was made" : string.Join("; ", readiness.Failed.Select(c => $"{c.Name}: {c.Measured} (needs {c.Threshold})"));
                    throw new RolloutException("VaultRunbook.Rollout.NotReady", $"Not stepping from {current.CanaryPercent}% to {next}%: {failed}. Use -Force to step anyway.", _store.Location);
                }

                var mode = current.Mode is SecretSourceMode.Env or SecretSourceMode.Shadow ? SecretSourceMode.Dual : current.Mode;
                return current.With("StepCanary", by, reason ?? (force && readiness is not { Ready: true } ? "forced" : null), _clock.GetUtcNow(), s => s with { CanaryPercent = next, Mode = mode });
            },
            cancellationToken).ConfigureAwait(false);
        return Effective(state);
    }

    public async Task<(EffectiveRollout Rollout, bool Changed)> EnableKillSwitchAsync(string reason, bool emergencyFallback, string by, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new ArgumentException("A reason is required to turn the kill switch on.", nameof(reason));
        }

        var changed = false;
        var state = await _store.UpdateAsync(
            current =>
            {
                if (current.KillSwitch && (!emergencyFallback || current.EmergencyFallback))
                {
                    return current;
                }

                changed = true;
                return current.With("EnableKillSwitch", by, reason, _clock.GetUtcNow(), s => s with { KillSwitch = true, EmergencyFallback = s.EmergencyFallback || emergencyFallback });
            },
            cancellationToken).ConfigureAwait(false);
        return (Effective(state), changed);
    }

    public async Task<(EffectiveRollout Rollout, bool Changed)> DisableKillSwitchAsync(string? reason, string by, CancellationToken cancellationToken)
    {
        var changed = false;
        var state = await _store.UpdateAsync(
            current =>
            {
                if (!current.KillSwitch && !current.EmergencyFallback)
                {
                    return current;
                }

                changed = true;
                return current.With("DisableKillSwitch", by, reason, _clock.GetUtcNow(), s => s with { KillSwitch = false, EmergencyFallback = false });
            },
            cancellationToken).ConfigureAwait(false);
        return (Effective(state), changed);
    }

    /// <summary>
    /// Turns the runbook's ALLOW_FALLBACK_SIGNING on or off in the stored state, so every service sees it; idempotent.
    /// </summary>
    public async Task<(EffectiveRollout Rollout, bool Changed)> SetFallbackSigningAsync(bool allow, string? reason, string by, CancellationToken cancellationToken)
    {
        var changed = false;
        var state = await _store.UpdateAsync(
            current =>
            {
                if (current.AllowFallbackSigning == allow)
                {
                    return current;
                }

                changed = true;
                return current.With(allow ? "EnableFallbackSigning" : "DisableFallbackSigning", by, reason, _clock.GetUtcNow(), s => s with { AllowFallbackSigning = allow });
            },
            cancellationToken).ConfigureAwait(false);
        return (Effective(state), changed);
    }

    private RolloutException KillSwitchOn(RolloutState current)
    {
        var enabled = current.History.LastOrDefault(h => h.Action == "EnableKillSwitch");
        return new RolloutException(
            "VaultRunbook.Rollout.KillSwitchActive",
            $"The kill switch is on (since {enabled?.At:u}, reason: {enabled?.Reason}); refusing to raise the canary. Disable-KillSwitch first, or use -Force.",
            _store.Location);
    }
}
