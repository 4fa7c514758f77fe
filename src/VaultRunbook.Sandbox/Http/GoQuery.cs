using System.Text;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// A query string parsed the way Go's url.ParseQuery does it (what Vault's handlers see):
/// a bare key has the value "", pairs with a ';' or a bad %-escape are dropped, '+' is a space,
/// and a key may repeat (handlers read the first value).
/// </summary>
internal sealed class GoQuery
{
    private readonly List<KeyValuePair<string, string>> _pairs;

    private GoQuery(List<KeyValuePair<string, string>> pairs) => _pairs = pairs;

    public static GoQuery Empty { get; } = new([]);

    public static GoQuery Parse(string? rawQuery)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string part in (rawQuery ?? string.Empty).Split('&'))
        {
            if (part.Length == 0 || part.Contains(';', StringComparison.Ordinal))
            {
                continue;
            }

            int equals = part.IndexOf('=', StringComparison.Ordinal);
            string rawKey = equals < 0 ? part : part[..equals];
            string rawValue = equals < 0 ? string.Empty : part[(equals + 1)..];
            if (TryUnescape(rawKey, out string key) && TryUnescape(rawValue, out string value))
            {
                pairs.Add(new(key, value));
            }
        }

        return new GoQuery(pairs);
    }

    /// <summary>Every pair in the order given.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Pairs => _pairs;

    /// <summary>The first value given for <paramref name="key"/> (exact, case-sensitive match).</summary>
    public bool TryGetFirst(string key, out string value)
    {
        foreach (KeyValuePair<string, string> pair in _pairs)
        {
            if (string.Equals(pair.Key, key, StringComparison.Ordinal))
            {
                value = pair.Value;
                return true;
            }
        }

        value = string.Empty;
        return false;
    }

    private static bool TryUnescape(string text, out string result)
    {
        var bytes = new List<byte>(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2]))
                {
                    result = string.Empty;
                    return false;
                }

                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        result = Encoding.UTF8.GetString(bytes.ToArray());
        return true;
    }
}
