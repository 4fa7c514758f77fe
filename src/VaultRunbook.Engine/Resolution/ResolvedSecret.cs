using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Resolution;

/// <summary>
/// A resolved secret: the value as a redacting <see cref="SensitiveString"/>, where it came from, and whether the
/// resolver's cache served it. A struct, so a cache hit allocates nothing. ToString never shows the value.
/// </summary>
public readonly record struct ResolvedSecret(string Name, SensitiveString Value, SecretSource Source, bool FromCache)
{
    public override string ToString() => $"{Name} from {Source}{(FromCache ? " (cache)" : string.Empty)}";
}
