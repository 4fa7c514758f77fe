namespace VaultRunbook.Engine.Rollout;

/// <summary>One entry of the append-only history: who changed what, when and why.</summary>
public sealed record RolloutChange
{
    public required DateTimeOffset At { get; init; }

    public required string By { get; init; }

    /// <summary>What was done: SetCanary, StepCanary, EnableKillSwitch, DisableKillSwitch, SetMode, ...</summary>
    public required string Action { get; init; }

    public string? Reason { get; init; }

    public required SecretSourceMode Mode { get; init; }

    public required int CanaryPercent { get; init; }

    public required bool KillSwitch { get; init; }

    public required bool EmergencyFallback { get; init; }

    public bool AllowFallbackSigning { get; init; }

    public override string ToString() =>
        $"{At:u} {By} {Action}: mode {Mode}, canary {CanaryPercent}%, kill switch {(KillSwitch ? "on" : "off")}{(Reason is null ? string.Empty : $" ({Reason})")}";
}
