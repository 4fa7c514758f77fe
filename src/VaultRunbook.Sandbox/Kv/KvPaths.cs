namespace VaultRunbook.Sandbox.Kv;

/// <summary>What a storage List under a prefix returns: the next path segment of each key, folders ending in "/", sorted, no duplicates.</summary>
internal static class KvPaths
{
    public static List<string> Children(IEnumerable<string> keys, string prefix)
    {
        var children = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string key in keys)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal) || key.Length == prefix.Length)
            {
                continue;
            }

            string rest = key[prefix.Length..];
            int slash = rest.IndexOf('/', StringComparison.Ordinal);
            children.Add(slash < 0 ? rest : rest[..(slash + 1)]);
        }

        return [.. children.Order(Http.GoStringComparer.Instance)];
    }
}
