using System.Security;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>
/// A root token made by Invoke-VaultRootTokenGeneration. Token is a SecureString and binds by property name as
/// -Token (with Address) to the other cmdlets, so the new token is used without ever being shown. ToString never
/// shows it.
/// </summary>
public sealed class VaultRootToken
{
    internal VaultRootToken(string address, SecureString token, string nonce, int sharesSubmitted, DateTimeOffset generatedAt)
    {
        Address = address;
        Token = token;
        Nonce = nonce;
        SharesSubmitted = sharesSubmitted;
        GeneratedAt = generatedAt;
    }

    public string Address { get; }

    public SecureString Token { get; }

    /// <summary>The nonce of the generation attempt that made it.</summary>
    public string Nonce { get; }

    public int SharesSubmitted { get; }

    public DateTimeOffset GeneratedAt { get; }

    public override string ToString() => $"root token for {Address} (generated {GeneratedAt:u})";
}
