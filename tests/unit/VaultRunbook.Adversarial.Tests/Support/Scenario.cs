namespace VaultRunbook.Adversarial.Tests.Support;

/// <summary>
/// One row of the leak scan: a cmdlet run through a success path (no error may come out) or an error path (an error
/// must come out), as a script in the scan's runspace with -Verbose, -Debug and $InformationPreference Continue.
/// </summary>
internal sealed record Scenario(string Cmdlet, bool ExpectError, string Script)
{
    /// <summary>How many unseal shares the host answers hidden prompts with during this row (typed as at a terminal).</summary>
    public int PromptedShares { get; init; }

    public static Scenario Ok(string cmdlet, string script) => new(cmdlet, false, script);

    public static Scenario Fails(string cmdlet, string script) => new(cmdlet, true, script);

    public override string ToString() => $"{Cmdlet} ({(ExpectError ? "error path" : "success path")}): {Script}";
}
