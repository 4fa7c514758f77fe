namespace VaultRunbook.Engine.Resolution;

/// <summary>What shadow mode's comparison of the served env value with Vault's found (never the values themselves).</summary>
public enum ShadowOutcome
{
    /// <summary>No comparison was made (not shadow mode).</summary>
    None,

    Match,

    Mismatch,

    /// <summary>Vault could not be read for the comparison; counts as an error.</summary>
    Error,
}
