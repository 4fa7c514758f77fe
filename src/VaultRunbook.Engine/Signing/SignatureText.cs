namespace VaultRunbook.Engine.Signing;

/// <summary>
/// A signature string: <c>vault:v&lt;N&gt;:&lt;base64 DER&gt;</c> from transit (key version N), or
/// <c>fallback:v&lt;N&gt;:&lt;base64 DER&gt;</c> from the local fallback key (fallback key version N). Both carry an
/// ASN.1 DER ECDSA signature over SHA-256 of the input, in standard base64.
/// </summary>
public sealed record SignatureText(SigningMode Mode, int Version, byte[] Der)
{
    public const string VaultPrefix = "vault";
    public const string FallbackPrefix = "fallback";

    public override string ToString() => Format(Mode, Version, Der);

    public static string Format(SigningMode mode, int version, byte[] der) =>
        $"{(mode == SigningMode.Vault ? VaultPrefix : FallbackPrefix)}:v{version}:{Convert.ToBase64String(der)}";

    /// <summary>Parses a signature; null and a reason when it is not one of the two forms.</summary>
    public static SignatureText? TryParse(string? text, out string reason)
    {
        reason = string.Empty;
        var parts = (text ?? string.Empty).Trim().Split(':');
        if (parts.Length != 3 || parts[0] is not (VaultPrefix or FallbackPrefix))
        {
            reason = "the signature is neither vault:v<N>:<base64> nor fallback:v<N>:<base64>";
            return null;
        }

        if (parts[1].Length < 2 || parts[1][0] != 'v' || !int.TryParse(parts[1].AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version) || version < 1)
        {
            reason = $"the signature's version '{parts[1]}' is not v<N> with N at least 1";
            return null;
        }

        try
        {
            var der = Convert.FromBase64String(parts[2]);
            if (der.Length == 0)
            {
                reason = "the signature has no bytes after its version";
                return null;
            }

            return new SignatureText(parts[0] == VaultPrefix ? SigningMode.Vault : SigningMode.Fallback, version, der);
        }
        catch (FormatException)
        {
            reason = "the signature's last part is not standard base64";
            return null;
        }
    }
}
