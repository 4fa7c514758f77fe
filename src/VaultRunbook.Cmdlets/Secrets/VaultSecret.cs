using System.Collections.Specialized;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// A KV secret as Get-VaultSecret outputs it (Version is null on a KV v1 mount, which keeps no versions). Data maps field names to SecureStrings (or to plain values only
/// when -AsPlainText was asked for). ToString shows the field names, never a value.
/// </summary>
public sealed class VaultSecret
{
    internal VaultSecret(string address, string mount, string path, int? version, DateTimeOffset? createdTime, OrderedDictionary data, bool plainText)
    {
        Address = address;
        Mount = mount;
        Path = path;
        Version = version;
        CreatedTime = createdTime;
        Data = data;
        IsPlainText = plainText;
    }

    public string Address { get; }

    public string Mount { get; }

    public string Path { get; }

    public int? Version { get; }

    public DateTimeOffset? CreatedTime { get; }

    public OrderedDictionary Data { get; }

    public bool IsPlainText { get; }

    public string[] Fields => Data.Keys.Cast<string>().ToArray();

    public override string ToString() => $"{Mount}/{Path}{(Version is { } v ? $" v{v}" : string.Empty)} [{string.Join(", ", Fields)}]";
}
