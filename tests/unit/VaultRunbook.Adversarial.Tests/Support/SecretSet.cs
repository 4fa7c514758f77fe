namespace VaultRunbook.Adversarial.Tests.Support;

/// <summary>
/// The secrets a run must never show, each with a name for the report. Unseal shares are looked for in base64 and
/// in hex (either case), the forms an operator or Vault uses.
/// </summary>
internal sealed class SecretSet
{
    private readonly List<(string Name, string Value, StringComparison Comparison)> _secrets = new();

    public int Count => _secrets.Count;

    public void Add(string name, string value)
    {
        if (value.Length < 8)
        {
            throw new ArgumentException($"The secret '{name}' is too short to search for without false hits.", nameof(value));
        }

        _secrets.Add((name, value, StringComparison.Ordinal));
        if (value.Contains('+', StringComparison.Ordinal))
        {
            // System.Text.Json's default encoder writes '+' as \u002B: a secret leaked into JSON looks like this.
            _secrets.Add((name, value.Replace("+", "\\u002B", StringComparison.Ordinal), StringComparison.Ordinal));
        }
    }

    public void AddShare(string name, string share)
    {
        share = share.Trim();
        Add(name, share);
        byte[]? bytes = null;
        try
        {
            bytes = Convert.FromHexString(share);
        }
        catch (FormatException)
        {
            try
            {
                bytes = Convert.FromBase64String(share);
            }
            catch (FormatException)
            {
            }
        }

        if (bytes is not null)
        {
            _secrets.Add((name + " (hex)", Convert.ToHexString(bytes), StringComparison.OrdinalIgnoreCase));
            _secrets.Add((name + " (base64)", Convert.ToBase64String(bytes), StringComparison.Ordinal));
        }
    }

    /// <summary>The names of the secrets found in <paramref name="text"/>.</summary>
    public IReadOnlyList<string> FoundIn(string text) =>
        _secrets.Where(s => text.Contains(s.Value, s.Comparison)).Select(s => s.Name).Distinct().ToList();
}
