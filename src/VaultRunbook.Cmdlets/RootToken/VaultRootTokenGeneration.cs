using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.RootToken;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>
/// A node's root token generation attempt as the root-token cmdlets output it. Address and Nonce bind by property
/// name to Submit-VaultRootTokenKey; Otp and EncodedToken (SecureStrings, set only when known) bind to
/// ConvertFrom-VaultEncodedRootToken. ToString shows the progress, never a secret.
/// </summary>
public sealed class VaultRootTokenGeneration
{
    internal VaultRootTokenGeneration(RootTokenGenerationStatus status, SecureString? otp)
    {
        Address = status.Address;
        Nonce = status.Nonce;
        Started = status.Started;
        Progress = status.Progress;
        Required = status.Required;
        Complete = status.Complete;
        OtpLength = status.OtpLength;
        Otp = status.Otp is { } made ? SecureStrings.ToSecure(made.Reveal()) : otp;
        EncodedToken = status.EncodedToken is { } encoded ? SecureStrings.ToSecure(encoded.Reveal()) : null;
    }

    public string Address { get; }

    /// <summary>The attempt's nonce (empty when none runs). Not a secret: every key holder needs it.</summary>
    public string Nonce { get; }

    public bool Started { get; }

    public int Progress { get; }

    public int Required { get; }

    public bool Complete { get; }

    public int OtpLength { get; }

    /// <summary>The OTP the new root token is encoded with, when this session knows it.</summary>
    public SecureString? Otp { get; }

    /// <summary>The new root token XORed with the OTP, once the attempt completed.</summary>
    public SecureString? EncodedToken { get; }

    public override string ToString() => $"{Address} {Progress}/{Required}{(Complete ? " complete" : Started ? string.Empty : " (none running)")}";
}
