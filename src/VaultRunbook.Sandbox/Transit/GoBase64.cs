using System.Text;
using VaultRunbook.Sandbox.Crypto;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// Go's base64.StdEncoding.DecodeString with its error text ("illegal base64 data at input byte N",
/// N counted in UTF-8 bytes as Go's decodeQuantum reports it), and base64.RawURLEncoding for JWS
/// signatures.
/// </summary>
internal static class GoBase64
{
    /// <summary>The decoded bytes, or null with Go's error message.</summary>
    public static byte[]? DecodeStd(string text, out string? error)
    {
        error = null;
        if (GoEncoding.TryDecodeStdBase64(text) is { } decoded)
        {
            return decoded;
        }

        error = $"illegal base64 data at input byte {CorruptOffset(Encoding.UTF8.GetBytes(text))}";
        return null;
    }

    /// <summary>base64.RawURLEncoding: URL alphabet, no padding, CR and LF skipped; null when invalid.</summary>
    public static byte[]? DecodeRawUrl(string text)
    {
        string clean = text.Replace("\r", string.Empty, StringComparison.Ordinal).Replace("\n", string.Empty, StringComparison.Ordinal);
        if (clean.Length % 4 == 1 || clean.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_')))
        {
            return null;
        }

        string standard = clean.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '='));
    }

    public static string EncodeRawUrl(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Go's decodeQuantum loop over padded standard base64, returning the CorruptInputError offset.</summary>
    private static int CorruptOffset(byte[] src)
    {
        int si = 0;
        while (true)
        {
            int j = 0;
            for (; j < 4; j++)
            {
                if (si == src.Length)
                {
                    if (j == 0)
                    {
                        // Whole quantums only, yet rejected: cannot happen for Go-valid text; report the end.
                        return src.Length;
                    }

                    return si - j;
                }

                byte c = src[si++];
                if (char.IsAsciiLetterOrDigit((char)c) || c == '+' || c == '/')
                {
                    continue;
                }

                if (c is (byte)'\n' or (byte)'\r')
                {
                    j--;
                    continue;
                }

                if (c != '=' || j < 2)
                {
                    return si - 1;
                }

                if (j == 2)
                {
                    while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
                    {
                        si++;
                    }

                    if (si == src.Length)
                    {
                        return src.Length;
                    }

                    if (src[si] != '=')
                    {
                        return si - 1;
                    }

                    si++;
                }

                while (si < src.Length && src[si] is (byte)'\n' or (byte)'\r')
                {
                    si++;
                }

                // Padding ends the input; anything after it is trailing garbage.
                return si;
            }
        }
    }
}
