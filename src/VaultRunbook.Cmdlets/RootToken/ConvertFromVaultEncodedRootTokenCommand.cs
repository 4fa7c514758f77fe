using System.Management.Automation;
using System.Security;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.RootToken;

namespace VaultRunbook.Cmdlets.RootToken;

/// <summary>
/// <para type="synopsis">Decodes the encoded root token of a completed root token generation with its OTP, as `vault operator generate-root -decode=... -otp=...` does.</para>
/// <para type="description">Vault's OTP encoding: the encoded token is raw base64 of the token XORed with the
/// OTP. Outputs the root token as a SecureString; nothing is sent anywhere. EncodedToken and Otp bind by property
/// name from the output of Submit-VaultRootTokenKey, and also take plain strings (kept out of every stream). An
/// OTP that does not fit the encoded token is VaultRunbook.RootToken.InvalidOtp; an encoded token that is not
/// base64 is VaultRunbook.RootToken.InvalidEncodedToken.</para>
/// <example><code>$root = Start-VaultRootTokenGeneration | Submit-VaultRootTokenKey -KeyFile ./unseal-keys.txt | ConvertFrom-VaultEncodedRootToken</code><para>Runs the whole generation and keeps the new root token as a SecureString in $root, for -Token.</para></example>
/// </summary>
[Cmdlet(VerbsData.ConvertFrom, "VaultEncodedRootToken")]
[OutputType(typeof(SecureString))]
public sealed class ConvertFromVaultEncodedRootTokenCommand : PSCmdlet
{
    /// <summary>The encoded_token of the answer that completed the generation.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? EncodedToken { get; set; }

    /// <summary>The OTP of the same attempt.</summary>
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [SecureStringTransformation]
    [ValidateNotNull]
    public SecureString? Otp { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var token = RootTokenDecoder.Decode(SecureStrings.ToSensitive(EncodedToken!), SecureStrings.ToSensitive(Otp!));
            WriteObject(SecureStrings.ToSecure(token.Reveal()));
        }
        catch (EngineException ex)
        {
            WriteError(ErrorRecords.From(ex, "EncodedToken"));
        }
    }
}
