using System.Globalization;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Rollout;

/// <summary>Applies the runbook's environment variables over the stored state.</summary>
public static class RolloutOverrides
{
    public const string ModeVariable = "VAULT_MODE";
    public const string CanaryVariable = "VAULT_CANARY_PERCENT";
    public const string KillSwitchVariable = "VAULT_KILL_SWITCH";
    public const string EmergencyFallbackVariable = "VAULT_EMERGENCY_FALLBACK";
    public const string FallbackSigningVariable = "ALLOW_FALLBACK_SIGNING";

    public static EffectiveRollout Apply(RolloutState stored, string store, Func<string, string?> environment)
    {
        var overrides = new List<RolloutOverride>();
        var mode = stored.Mode;
        var canary = stored.CanaryPercent;
        var killSwitch = stored.KillSwitch;
        var fallback = stored.EmergencyFallback;
        var fallbackSigning = stored.AllowFallbackSigning;

        if (Value(environment, ModeVariable) is { } modeText)
        {
            mode = Enum.TryParse<SecretSourceMode>(modeText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw Invalid(ModeVariable, modeText, "env, vault, dual or shadow");
            overrides.Add(new RolloutOverride(ModeVariable, nameof(EffectiveRollout.Mode), modeText));
        }

        if (Value(environment, CanaryVariable) is { } canaryText)
        {
            canary = int.TryParse(canaryText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var percent) && RolloutRules.IsValidPercent(percent)
                ? percent
                : throw Invalid(CanaryVariable, canaryText, RolloutRules.PercentRule);
            overrides.Add(new RolloutOverride(CanaryVariable, nameof(EffectiveRollout.CanaryPercent), canaryText));
        }

        if (Value(environment, KillSwitchVariable) is { } killText)
        {
            killSwitch = ParseBool(KillSwitchVariable, killText);
            overrides.Add(new RolloutOverride(KillSwitchVariable, nameof(EffectiveRollout.KillSwitch), killText));
        }

        if (Value(environment, EmergencyFallbackVariable) is { } fallbackText)
        {
            fallback = ParseBool(EmergencyFallbackVariable, fallbackText);
            overrides.Add(new RolloutOverride(EmergencyFallbackVariable, nameof(EffectiveRollout.EmergencyFallback), fallbackText));
        }

        if (Value(environment, FallbackSigningVariable) is { } signingText)
        {
            fallbackSigning = ParseBool(FallbackSigningVariable, signingText);
            overrides.Add(new RolloutOverride(FallbackSigningVariable, nameof(EffectiveRollout.AllowFallbackSigning), signingText));
        }

        return new EffectiveRollout
        {
            Stored = stored,
            Mode = mode,
            CanaryPercent = canary,
            KillSwitch = killSwitch,
            EmergencyFallback = fallback,
            AllowFallbackSigning = fallbackSigning,
            Overrides = overrides,
            Store = store,
        };
    }

    private static string? Value(Func<string, string?> environment, string name) =>
        environment(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static bool ParseBool(string name, string text) => text.ToLowerInvariant() switch
    {
        "1" or "true" or "yes" or "on" => true,
        "0" or "false" or "no" or "off" => false,
        _ => throw Invalid(name, text, "true or false"),
    };

    private static ConfigurationException Invalid(string name, string text, string expected) =>
        new("VaultRunbook.Rollout.InvalidOverride", $"{name}='{text}' is not valid: expected {expected}.");
}
