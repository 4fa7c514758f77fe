using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.RootToken;

/// <summary>
/// Vault's generate-root refusals (vault-api-notes section 4.2) as stable ErrorIds. Vault's text never holds a key
/// share, the OTP or the token, so it is kept in the message.
/// </summary>
public static class RootTokenErrors
{
    public const string NonceMismatch = "VaultRunbook.RootToken.NonceMismatch";
    public const string NotStarted = "VaultRunbook.RootToken.NotStarted";
    public const string AlreadyInProgress = "VaultRunbook.RootToken.AlreadyInProgress";
    public const string DuplicateKey = "VaultRunbook.RootToken.DuplicateKey";
    public const string KeyRejected = "VaultRunbook.RootToken.KeyRejected";
    public const string InvalidOtp = "VaultRunbook.RootToken.InvalidOtp";
    public const string InvalidEncodedToken = "VaultRunbook.RootToken.InvalidEncodedToken";

    /// <summary>The mapped failure, or null for an answer that is not one of generate-root's own refusals.</summary>
    public static VaultOperationException? From(VaultApiException ex, string? nonce)
    {
        if ((int)ex.StatusCode != 400)
        {
            return null;
        }

        var vault = string.Join("; ", ex.Errors);
        var address = ex.Address;
        return vault switch
        {
            _ when ex.Mentions("incorrect nonce supplied") => new VaultOperationException(
                NonceMismatch,
                ErrorKind.InvalidArgument,
                $"The nonce '{nonce}' is not the nonce of the root token generation running on {address}; no share was counted. Use the Nonce that Start-VaultRootTokenGeneration or Get-VaultRootTokenGeneration reports. (Vault: {vault})",
                address),
            _ when ex.Mentions("no root generation in progress") => new VaultOperationException(
                NotStarted,
                ErrorKind.InvalidOperation,
                $"No root token generation is running on {address}; start one with Start-VaultRootTokenGeneration. (Vault: {vault})",
                address),
            _ when ex.Mentions("root generation already in progress") => new VaultOperationException(
                AlreadyInProgress,
                ErrorKind.ResourceExists,
                $"A root token generation is already running on {address}; continue it with Submit-VaultRootTokenKey, or cancel it with Stop-VaultRootTokenGeneration. (Vault: {vault})",
                address),
            _ when ex.Mentions("has already been provided") => new VaultOperationException(
                DuplicateKey,
                ErrorKind.InvalidArgument,
                $"{address} already has this key share in the current root token generation; it was not counted again. (Vault: {vault})",
                address),
            _ when ex.Mentions("root generation aborted") || ex.Mentions("invalid key") => new VaultOperationException(
                KeyRejected,
                ErrorKind.InvalidData,
                $"{address} rejected the key shares: at least one is wrong or belongs to another cluster. The progress was discarded; the attempt and its nonce remain. (Vault: {vault})",
                address),
            _ when ex.Mentions("OTP string is wrong length") => new VaultOperationException(
                InvalidOtp,
                ErrorKind.InvalidArgument,
                $"{address} refused the OTP: it must be as long as the node's otp_length (see Get-VaultRootTokenGeneration). (Vault: {vault})",
                address),
            _ => null,
        };
    }
}
