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
        // A secret leaked into JSON is written the way System.Text.Json's default encoder writes it ('+' as \u002B,
        // '<', '&', quotes and non-ASCII escaped too): look for that form as well.
        var escaped = System.Text.Json.JsonSerializer.Serialize(value)[1..^1];
        if (!string.Equals(escaped, value, StringComparison.Ordinal))
        {
            _secrets.Add((name, escaped, StringComparison.Ordinal));
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
