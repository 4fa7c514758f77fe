using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// Rotates KV v2 secrets the safe way: refuse KV v1 (no versions to keep); read the current version; change only
/// the named fields; write with check-and-set against the version read, so a concurrent writer makes this fail
/// instead of losing an update; then confirm current_version in the metadata. Rollback writes an old version's
/// data again as a new version, like `vault kv rollback`.
/// </summary>
public sealed class SecretRotator
{
    private readonly IVaultClient _client;
    private readonly TimeProvider _clock;

    public SecretRotator(IVaultClient client, TimeProvider? clock = null)
    {
        _client = client;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<SecretRotation> RotateAsync(string mount, string path, RotationPlan plan, CancellationToken cancellationToken)
    {
        if (plan.FieldNames.Count == 0)
        {
            throw new ConfigurationException("VaultRunbook.Rotation.NothingToRotate", "Name at least one field to rotate (-Data or -Generate).");
        }

        await EnsureKvV2Async(mount, path, cancellationToken).ConfigureAwait(false);
        var current = await ReadCurrentAsync(mount, path, cancellationToken).ConfigureAwait(false);
        var data = (JsonObject)current.Data.DeepClone();
        foreach (var (name, value) in plan.Values)
        {
            data[name] = value.Reveal();
        }

        foreach (var name in plan.Generate)
        {
            data[name] = SecretGenerator.Generate(plan.Length, plan.CharacterSet);
        }

        var written = await _client.WriteSecretAsync(mount, path, data, current.Version, cancellationToken).ConfigureAwait(false);
        await VerifyAsync(mount, path, written.Version, cancellationToken).ConfigureAwait(false);
        return new SecretRotation
        {
            Mount = current.Mount,
            Path = current.Path,
            PreviousVersion = current.Version,
            NewVersion = written.Version,
            RotatedFields = plan.FieldNames,
            RotatedAt = written.CreatedTime ?? _clock.GetUtcNow(),
            Address = _client.Settings.AddressText,
            Namespace = _client.Settings.Namespace,
        };
    }

    /// <summary>The field names a rotation would change, after checking the secret can be rotated (for -WhatIf).</summary>
    public async Task<(KvSecret Current, IReadOnlyList<string> Fields)> PlanAsync(string mount, string path, RotationPlan plan, CancellationToken cancellationToken)
    {
        await EnsureKvV2Async(mount, path, cancellationToken).ConfigureAwait(false);
        var current = await ReadCurrentAsync(mount, path, cancellationToken).ConfigureAwait(false);
        return (current, plan.FieldNames);
    }

    /// <summary>
    /// Writes the data of <paramref name="toVersion"/> (default: the version before the current one) as a new
    /// version, with check-and-set against the current version. A deleted or destroyed version is refused.
    /// </summary>
    /// <param name="expectedCurrent">When set (undoing a given rotation), refuse if the secret has changed since.</param>
    public async Task<SecretRotation> RollbackAsync(string mount, string path, int? toVersion, int? expectedCurrent, CancellationToken cancellationToken)
    {
        await EnsureKvV2Async(mount, path, cancellationToken).ConfigureAwait(false);
        var target = $"{mount.Trim('/')}/{path.Trim('/')}";
        var metadata = await _client.ReadMetadataAsync(mount, path, cancellationToken).ConfigureAwait(false);
        if (expectedCurrent is { } expected && expected != metadata.CurrentVersion)
        {
            throw new KvException(
                "VaultRunbook.Rotation.ChangedSince",
                ErrorKind.InvalidOperation,
                $"{target} is at version {metadata.CurrentVersion}, not {expected}: it changed after that rotation, so undoing it would discard a newer write. Use -ToVersion to choose explicitly.",
                target);
        }

        var version = toVersion ?? metadata.CurrentVersion - 1;
        if (version < 1)
        {
            throw new KvException("VaultRunbook.Rotation.NoEarlierVersion", ErrorKind.InvalidOperation, $"{target} has no version before {metadata.CurrentVersion} to roll back to.", target);
        }

        if (version == metadata.CurrentVersion)
        {
            throw new KvException("VaultRunbook.Rotation.AlreadyCurrent", ErrorKind.InvalidOperation, $"Version {version} is already the current version of {target}.", target);
        }

        var info = metadata.VersionInfo(version);
        if (info is null)
        {
            throw new KvException("VaultRunbook.Secret.NotFound", ErrorKind.ObjectNotFound, $"{target} keeps no version {version} (oldest kept: {metadata.Versions.FirstOrDefault()?.Version}).", target);
        }

        if (!info.Readable)
        {
            throw new KvException(
                info.Destroyed ? "VaultRunbook.Secret.VersionDestroyed" : "VaultRunbook.Secret.VersionDeleted",
                ErrorKind.InvalidOperation,
                $"Version {version} of {target} is {(info.Destroyed ? "destroyed" : "deleted")}; refusing to roll back to it.",
                target);
        }

        var old = await _client.ReadSecretAsync(mount, path, version, cancellationToken).ConfigureAwait(false);
        var current = await _client.ReadSecretAsync(mount, path, null, cancellationToken).ConfigureAwait(false);
        var written = await _client.WriteSecretAsync(mount, path, old.Data, metadata.CurrentVersion, cancellationToken).ConfigureAwait(false);
        await VerifyAsync(mount, path, written.Version, cancellationToken).ConfigureAwait(false);
        var changed = old.Data.Select(p => p.Key).Union(current.Data.Select(p => p.Key))
            .Where(name => !JsonNode.DeepEquals(old.Data[name], current.Data[name]))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
        return new SecretRotation
        {
            Mount = old.Mount,
            Path = old.Path,
            PreviousVersion = metadata.CurrentVersion,
            NewVersion = written.Version,
            RotatedFields = changed,
            RotatedAt = written.CreatedTime ?? _clock.GetUtcNow(),
            Address = _client.Settings.AddressText,
            Namespace = _client.Settings.Namespace,
            RestoredFromVersion = version,
        };
    }

    private async Task EnsureKvV2Async(string mount, string path, CancellationToken cancellationToken)
    {
        var info = await _client.GetMountAsync(mount, path, cancellationToken).ConfigureAwait(false);
        if (info.Version != 2)
        {
            var target = $"{mount.Trim('/')}/{path.Trim('/')}";
            throw new KvException(
                "VaultRunbook.Rotation.KvV1",
                ErrorKind.InvalidOperation,
                $"{target} is on the KV version 1 mount '{info.Path}': it keeps no versions, so a rotation would destroy the old value with no way back. Migrate the mount to KV v2 (vault kv enable-versioning) first.",
                target);
        }
    }

    private async Task<KvSecret> ReadCurrentAsync(string mount, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.ReadSecretAsync(mount, path, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KvException ex) when (ex.ErrorId is "VaultRunbook.Secret.VersionDeleted" or "VaultRunbook.Secret.VersionDestroyed")
        {
            throw new KvException(
                "VaultRunbook.Rotation.CurrentVersionUnavailable",
                ErrorKind.InvalidOperation,
                $"The current version of {mount.Trim('/')}/{path.Trim('/')} is deleted or destroyed, so its other fields cannot be kept. Undelete it or roll back first.",
                $"{mount.Trim('/')}/{path.Trim('/')}",
                ex);
        }
    }

    private async Task VerifyAsync(string mount, string path, int written, CancellationToken cancellationToken)
    {
        var metadata = await _client.ReadMetadataAsync(mount, path, cancellationToken).ConfigureAwait(false);
        if (metadata.CurrentVersion < written || metadata.VersionInfo(written) is not { Readable: true })
        {
            var target = $"{mount.Trim('/')}/{path.Trim('/')}";
            throw new KvException(
                "VaultRunbook.Rotation.VerifyFailed",
                ErrorKind.InvalidResult,
                $"Vault accepted version {written} of {target}, but its metadata says current_version {metadata.CurrentVersion}.",
                target);
        }
    }
}
