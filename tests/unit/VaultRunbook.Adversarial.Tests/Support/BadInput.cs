namespace VaultRunbook.Adversarial.Tests.Support;

/// <summary>
/// One bad input: a script that gives a cmdlet something it must refuse, and the secret texts the input carries (a
/// password in an address, a token), which must not come back in the error.
/// </summary>
internal sealed record BadInput(string Cmdlet, string What, string Script, params string[] Secrets)
{
    /// <summary>
    /// The module may repair this input instead of refusing it (credentials in an address are stripped with a
    /// warning, as the Vault CLI ignores them); then nothing may fail, and its secrets must still appear nowhere.
    /// </summary>
    public bool MayBeRepaired { get; init; }

    public override string ToString() => $"{Cmdlet}: {What}";
}
