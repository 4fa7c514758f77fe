namespace VaultRunbook.FakeAws;

/// <summary>One request as it came off the wire: what SigV4 verification and the service handlers read.</summary>
public sealed record FakeRequest(string Method, string RawPath, string RawQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}
