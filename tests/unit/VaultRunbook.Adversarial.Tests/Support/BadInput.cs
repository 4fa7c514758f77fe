namespace VaultRunbook.Adversarial.Tests.Support;

/// <summary>
/// One bad input: a script that gives a cmdlet something it must refuse, and the secret texts the input carries (a
/// password in an address, a token), which must not come back in the error.
/// </summary>
internal sealed record BadInput(string Cmdlet, string What, string Script, params string[] Secrets)
{
    public override string ToString() => $"{Cmdlet}: {What}";
}
