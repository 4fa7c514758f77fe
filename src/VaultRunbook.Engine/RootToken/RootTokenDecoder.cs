using System.Text;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.RootToken;

/// <summary>
/// What <c>vault operator generate-root -decode=ENC -otp=OTP</c> does when otp_length is not 0 (Vault's
/// sdk/helper/roottoken, vault-api-notes section 4.3): the encoded token is raw standard base64 (no padding) of
/// the token's ASCII bytes XORed with the OTP's; XORing again with the OTP gives the token back.
/// </summary>
public static class RootTokenDecoder
{
    public static SensitiveString Decode(SensitiveString encodedToken, SensitiveString otp)
    {
        var encoded = encodedToken.Reveal().Trim().TrimEnd('=');
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(encoded.PadRight((encoded.Length + 3) / 4 * 4, '='));
        }
        catch (FormatException)
        {
            throw Invalid(RootTokenErrors.InvalidEncodedToken, "The encoded token is not base64; pass the EncodedToken from the answer that completed the root token generation.");
        }

        var otpBytes = Encoding.UTF8.GetBytes(otp.Reveal().Trim());
        try
        {
            if (bytes.Length == 0 || otpBytes.Length != bytes.Length)
            {
                throw Invalid(
                    RootTokenErrors.InvalidOtp,
                    $"The OTP is {otpBytes.Length} characters long but the encoded token holds {bytes.Length} bytes; they must be the same length. Use the OTP of the same attempt.");
            }

            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] ^= otpBytes[i];
            }

            // A root token is printable ASCII ("hvs." and base62); anything else means the OTP is not this attempt's.
            if (bytes.Any(b => b is < 0x21 or > 0x7E))
            {
                throw Invalid(RootTokenErrors.InvalidOtp, "The OTP does not decode this encoded token (the result is not a token). Use the OTP of the same attempt.");
            }

            return new SensitiveString(Encoding.ASCII.GetString(bytes));
        }
        finally
        {
            Array.Clear(bytes);
            Array.Clear(otpBytes);
        }
    }

    private static RootTokenException Invalid(string errorId, string message) => new(errorId, ErrorKind.InvalidArgument, message);
}
