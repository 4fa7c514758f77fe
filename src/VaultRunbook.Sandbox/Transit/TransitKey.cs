using System.Collections.Immutable;
using System.Globalization;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// A named transit key (Vault's keysutil.Policy) as stored behind the barrier: its type, settings
/// and versions keyed "1", "2", ... New keys start at latest_version 1, min_decryption_version 1,
/// min_encryption_version 0.
/// </summary>
internal sealed record TransitKey(string Name, string Type, int LatestVersion, ImmutableDictionary<string, TransitKeyVersion> Versions)
{
    public int MinDecryptionVersion { get; init; } = 1;

    public int MinEncryptionVersion { get; init; }

    public bool Exportable { get; init; }

    public bool AllowPlaintextBackup { get; init; }

    public bool DeletionAllowed { get; init; }

    /// <summary>auto_rotate_period in seconds (stored and reported; the sandbox does not rotate on its own).</summary>
    public long AutoRotatePeriod { get; init; }

    public TransitKeyVersion? Version(int version) =>
        Versions.GetValueOrDefault(version.ToString(CultureInfo.InvariantCulture));

    /// <summary>The key with <paramref name="next"/> added as latest_version + 1.</summary>
    public TransitKey Rotated(TransitKeyVersion next) => this with
    {
        LatestVersion = LatestVersion + 1,
        Versions = Versions.Add((LatestVersion + 1).ToString(CultureInfo.InvariantCulture), next),
    };
}
