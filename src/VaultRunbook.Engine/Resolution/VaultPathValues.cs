using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// The fields of one KV v2 secret as read at <see cref="FetchedAt"/> (a clock timestamp), held as redacting
/// <see cref="SensitiveString"/>s. One read serves every field of the path. Immutable; a refresh replaces it.
/// </summary>
internal sealed class VaultPathValues
{
    private readonly string[] _names;
    private readonly SensitiveString?[] _values;

    public VaultPathValues(long fetchedAt, int version, string[] names, SensitiveString?[] values)
    {
        FetchedAt = fetchedAt;
        Version = version;
        _names = names;
        _values = values;
    }

    public long FetchedAt { get; }

    public int Version { get; }

    /// <summary>The field's value; null when the secret has no such field or it is JSON null.</summary>
    public SensitiveString? Get(string field)
    {
        for (var i = 0; i < _names.Length; i++)
        {
            if (string.Equals(_names[i], field, StringComparison.Ordinal))
            {
                return _values[i];
            }
        }

        return null;
    }
}
