using System.Text.Json.Serialization;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// The stored rollout state that every service reads: mode, canary percentage, kill switch, emergency fallback,
/// cache TTL, who changed it last and why, and the append-only history of changes. Revision grows by one per change.
/// </summary>
public sealed record RolloutState
{
    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromMinutes(5);

    public SecretSourceMode Mode { get; init; } = SecretSourceMode.Env;

    public int CanaryPercent { get; init; }

    public bool KillSwitch { get; init; }

    public bool EmergencyFallback { get; init; }

    /// <summary>The runbook's ALLOW_FALLBACK_SIGNING: a signature may be made with the local fallback key while Vault is down.</summary>
    public bool AllowFallbackSigning { get; init; }

    public TimeSpan CacheTtl { get; init; } = DefaultCacheTtl;

    public DateTimeOffset? UpdatedAt { get; init; }

    public string? UpdatedBy { get; init; }

    public string? Reason { get; init; }

    public long Revision { get; init; }

    public IReadOnlyList<RolloutChange> History { get; init; } = Array.Empty<RolloutChange>();

    /// <summary>What reading the stored state noticed without refusing it (an unknown field); never stored.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Warnings { get; init; } = Array.Empty<string>();

    public static RolloutState Initial { get; } = new();

    /// <summary>Applies a change and records it in the history (the only way state changes).</summary>
    public RolloutState With(string action, string by, string? reason, DateTimeOffset at, Func<RolloutState, RolloutState> change)
    {
        var next = change(this);
        if (RolloutRules.FindProblem(next) is { } problem)
        {
            throw new ConfigurationException(
                problem.Field == "canary_percent" ? RolloutRules.InvalidPercentErrorId : RolloutRules.InvalidStateErrorId,
                $"The change would make the rollout state invalid: '{problem.Field}' {problem.Problem}.");
        }

        var entry = new RolloutChange
        {
            At = at,
            By = by,
            Action = action,
            Reason = reason,
            Mode = next.Mode,
            CanaryPercent = next.CanaryPercent,
            KillSwitch = next.KillSwitch,
            EmergencyFallback = next.EmergencyFallback,
            AllowFallbackSigning = next.AllowFallbackSigning,
        };
        return next with
        {
            UpdatedAt = at,
            UpdatedBy = by,
            Reason = reason,
            Revision = Revision + 1,
            History = History.Append(entry).ToArray(),
        };
    }

    /// <summary>One line: "dual 25%, kill switch off, revision 3 (3 changes, last by alice@host)".</summary>
    public override string ToString() =>
        $"{Mode.ToString().ToLowerInvariant()} {CanaryPercent}%, kill switch {(KillSwitch ? "on" : "off")}{(EmergencyFallback ? ", emergency fallback on" : string.Empty)}, revision {Revision} ({History?.Count ?? 0} change{(History?.Count == 1 ? string.Empty : "s")}{(UpdatedBy is null ? string.Empty : $", last by {UpdatedBy}")})";
}
