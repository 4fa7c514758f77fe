using System.Text.Json.Nodes;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// One version of a KV v2 secret. The values live in <see cref="Data"/> as Vault sent them (strings, numbers,
/// nested objects), so a rotation can keep every field it does not change exactly as it was. ToString shows
/// the field names only.
/// </summary>
public sealed class KvSecret
{
    public KvSecret(string address, string mount, string path, int version, DateTimeOffset? createdTime, JsonObject data)
    {
        Address = address;
        Mount = mount;
        Path = path;
        Version = version;
        CreatedTime = createdTime;
        Data = data;
    }

    public string Address { get; }

    public string Mount { get; }

    public string Path { get; }

    public int Version { get; }

    public DateTimeOffset? CreatedTime { get; }

    public JsonObject Data { get; }

    public IReadOnlyList<string> FieldNames => Data.Select(p => p.Key).ToArray();

    public override string ToString() => $"{Mount}/{Path} v{Version} [{string.Join(", ", FieldNames)}]";
}
