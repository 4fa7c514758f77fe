namespace VaultRunbook.Sandbox.Core;

/// <summary>Vault's SealConfig.Validate checks for a Shamir barrier, in Vault's order and wording.</summary>
internal static class SealConfigRules
{
    /// <summary>Returns null when valid, else the failing parameter ("Shares" or "Threshold") and Vault's message.</summary>
    public static (string Parameter, string Message)? Validate(int shares, int threshold)
    {
        if (shares < 1)
        {
            return ("Shares", "shares must be at least one");
        }

        if (threshold < 1)
        {
            return ("Threshold", "threshold must be at least one");
        }

        if (shares > 1 && threshold == 1)
        {
            return ("Threshold", "threshold must be greater than one for multiple shares");
        }

        if (shares > 255)
        {
            return ("Shares", "shares must be less than 256");
        }

        if (threshold > 255)
        {
            return ("Threshold", "threshold must be less than 256");
        }

        if (threshold > shares)
        {
            return ("Threshold", "threshold cannot be larger than shares");
        }

        return null;
    }
}
