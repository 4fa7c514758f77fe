using System.Security.Authentication;

namespace VaultRunbook.Engine.Vault;

/// <summary>Thrown from the TLS validation callback with the actual chain or name error, so it reaches the message.</summary>
public sealed class CertificateRejectedException : AuthenticationException
{
    public CertificateRejectedException(string message)
        : base(message)
    {
    }
}
