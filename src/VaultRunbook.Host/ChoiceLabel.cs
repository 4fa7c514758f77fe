namespace VaultRunbook.Host;

/// <summary>
/// A choice's label split the way PowerShell writes them: '&amp;' marks the hot key
/// ("&amp;Yes" is Yes with hot key Y; "Yes to &amp;All" has hot key A); '&amp;&amp;' is a literal '&amp;'.
/// </summary>
internal sealed record ChoiceLabel(string Text, string HotKey)
{
    public static ChoiceLabel Parse(string? label)
    {
        label ??= string.Empty;
        var text = new System.Text.StringBuilder(label.Length);
        var hotKey = string.Empty;
        for (var i = 0; i < label.Length; i++)
        {
            var c = label[i];
            if (c == '&' && i + 1 < label.Length)
            {
                if (label[i + 1] == '&')
                {
                    text.Append('&');
                    i++;
                    continue;
                }

                if (hotKey.Length == 0 && !char.IsWhiteSpace(label[i + 1]))
                {
                    hotKey = label[i + 1].ToString().ToUpperInvariant();
                }

                continue;
            }

            text.Append(c);
        }

        var plain = text.ToString().Trim();
        return new ChoiceLabel(plain, hotKey);
    }

    /// <summary>True when the answer names this choice by its hot key or its whole label.</summary>
    public bool Matches(string answer) =>
        (HotKey.Length > 0 && string.Equals(answer, HotKey, StringComparison.OrdinalIgnoreCase))
        || string.Equals(answer, Text, StringComparison.OrdinalIgnoreCase);
}
