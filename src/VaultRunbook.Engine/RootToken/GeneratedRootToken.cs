using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.RootToken;

/// <summary>The outcome of a whole root token generation: the new root token, decoded. ToString never shows it.</summary>
public sealed record GeneratedRootToken(string Address, string Nonce, int SharesSubmitted, SensitiveString Token)
{
    public override string ToString() => $"{Address}: new root token ({SharesSubmitted} shares)";
}
