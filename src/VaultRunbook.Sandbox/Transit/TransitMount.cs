using System.Collections.Immutable;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>A transit secrets engine's mount entry (sys/mounts type "transit"), with its key table.</summary>
internal static class TransitMount
{
    public const string Type = "transit";

    /// <summary>A new, empty transit mount at <paramref name="path"/> (e.g. "transit/").</summary>
    public static MountEntry New(string path, string description) =>
        new(path, Type, description, SecretGenerator.MountAccessor(Type), SecretGenerator.Uuid())
        {
            TransitKeys = ImmutableDictionary<string, TransitKey>.Empty,
        };
}
