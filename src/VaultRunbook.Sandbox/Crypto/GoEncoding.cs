namespace VaultRunbook.Sandbox.Crypto;

/// <summary>Decoders that accept and reject what Go's encoding/hex and base64.StdEncoding do.</summary>
internal static class GoEncoding
{
    /// <summary>Go's hex.DecodeString: even length, 0-9a-fA-F only.</summary>
    public static byte[]? TryDecodeHex(string text)
    {
        if (text.Length % 2 != 0)
        {
            return null;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return null;
            }
        }

        return Convert.FromHexString(text);
    }

    /// <summary>
    /// Go's base64.StdEncoding.DecodeString: padded standard alphabet; CR and LF are skipped,
    /// any other character outside the alphabet (spaces included) is an error.
    /// </summary>
    public static byte[]? TryDecodeStdBase64(string text)
    {
        string clean = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        if (clean.Length % 4 != 0)
        {
            return null;
        }

        int padding = clean.EndsWith("==", StringComparison.Ordinal) ? 2 : clean.EndsWith('=') ? 1 : 0;
        for (int i = 0; i < clean.Length - padding; i++)
        {
            char c = clean[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '+' || c == '/'))
            {
                return null;
            }
        }

        return Convert.FromBase64String(clean);
    }
}
