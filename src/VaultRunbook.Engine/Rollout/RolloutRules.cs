using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Rollout;

/// <summary>
/// The rules a rollout state obeys, in one place for every way in: -Percent, the VAULT_CANARY_PERCENT override, a
/// state read from a file or from Vault, and every change.
/// </summary>
public static class RolloutRules
{
    public const string InvalidPercentErrorId = "VaultRunbook.Rollout.InvalidPercent";
    public const string InvalidStateErrorId = "VaultRunbook.Rollout.InvalidState";

    /// <summary>What a canary percentage must be, as messages say it.</summary>
    public const string PercentRule = "a whole number from 0 to 100";

    public static bool IsValidPercent(long percent) => percent is >= 0 and <= 100;

    public static bool IsValidMode(SecretSourceMode mode) => Enum.IsDefined(mode);

    /// <summary>A canary percentage given by the caller.</summary>
    /// <exception cref="ConfigurationException">VaultRunbook.Rollout.InvalidPercent.</exception>
    public static void CheckPercent(int percent, string source)
    {
        if (!IsValidPercent(percent))
        {
            throw new ConfigurationException(InvalidPercentErrorId, $"{source} {percent} is not valid: the canary percentage must be {PercentRule}.") { Target = percent };
        }
    }

    /// <summary>
    /// The first field of <paramref name="state"/> that breaks a rule, as a JSON path and the problem
    /// ("canary_percent", "is 250; it must be a whole number from 0 to 100"); null when the state is valid.
    /// </summary>
    public static (string Field, string Problem)? FindProblem(RolloutState state)
    {
        if (!IsValidMode(state.Mode))
        {
            return ("mode", $"is {(int)state.Mode}; it must be env, vault, dual or shadow");
        }

        if (!IsValidPercent(state.CanaryPercent))
        {
            return ("canary_percent", $"is {state.CanaryPercent}; it must be {PercentRule}");
        }

        if (state.CacheTtl < TimeSpan.Zero)
        {
            return ("cache_ttl", $"is {state.CacheTtl}; it must not be negative");
        }

        if (state.Revision < 0)
        {
            return ("revision", $"is {state.Revision}; it must not be negative");
        }

        if (state.History is null)
        {
            return ("history", "is null; it must be a list of changes (empty when there were none)");
        }

        for (var i = 0; i < state.History.Count; i++)
        {
            var change = state.History[i];
            if (change is null)
            {
                return ($"history[{i}]", "is null; it must be a change");
            }

            if (!IsValidMode(change.Mode))
            {
                return ($"history[{i}].mode", $"is {(int)change.Mode}; it must be env, vault, dual or shadow");
            }

            if (!IsValidPercent(change.CanaryPercent))
            {
                return ($"history[{i}].canary_percent", $"is {change.CanaryPercent}; it must be {PercentRule}");
            }

            if (change.By is null || change.Action is null)
            {
                return ($"history[{i}]", "has a null 'by' or 'action'");
            }
        }

        return null;
    }
}
