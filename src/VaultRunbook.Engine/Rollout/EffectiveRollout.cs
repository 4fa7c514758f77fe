namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// What a service actually does: the stored state with the runbook's environment overrides (VAULT_MODE,
/// VAULT_CANARY_PERCENT, VAULT_KILL_SWITCH, VAULT_EMERGENCY_FALLBACK, ALLOW_FALLBACK_SIGNING) applied, and which of them applied.
/// </summary>
public sealed record EffectiveRollout
{
    public required RolloutState Stored { get; init; }

    public required SecretSourceMode Mode { get; init; }

    public required int CanaryPercent { get; init; }

    public required bool KillSwitch { get; init; }

    public required bool EmergencyFallback { get; init; }

    /// <summary>Whether signing may fall back to the local key (the stored flag, or ALLOW_FALLBACK_SIGNING).</summary>
    public bool AllowFallbackSigning { get; init; }

    public TimeSpan CacheTtl => Stored.CacheTtl;

    public IReadOnlyList<RolloutOverride> Overrides { get; init; } = Array.Empty<RolloutOverride>();

    /// <summary>Where the stored state lives: a file path or vault:&lt;mount&gt;/&lt;path&gt;.</summary>
    public required string Store { get; init; }

    /// <summary>One line: "dual 25%, kill switch on (VAULT_KILL_SWITCH=1), store /etc/app/rollout.json".</summary>
    public override string ToString() =>
        $"{Mode.ToString().ToLowerInvariant()} {CanaryPercent}%, kill switch {(KillSwitch ? "on" : "off")}{(EmergencyFallback ? ", emergency fallback on" : string.Empty)}{(Overrides.Count == 0 ? string.Empty : $" ({string.Join(", ", Overrides)})")}, store {Store}";
}
