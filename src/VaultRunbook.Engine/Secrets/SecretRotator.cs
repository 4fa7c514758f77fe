using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// Rotates KV v2 secrets the safe way: refuse KV v1 (no versions to keep); read the current version; change only
/// the named fields; write with check-and-set against the version read, so a concurrent writer makes this fail
/// instead of losing an update; then confirm current_version in the metadata. A write whose answer is lost is
/// reconciled (<see cref="KvWriteReconciler"/>) before anything is reported, so a retry never rotates twice.
/// Rollback writes an old version's data again as a new version, like `vault kv rollback`.
/// </summary>
public sealed class SecretRotator
{
    private readonly IVaultClient _client;
    private readonly TimeProvider _clock;
    private readonly KvWriteReconciler _reconciler;

    public SecretRotator(IVaultClient client, TimeProvider? clock = null, KvWriteReconciler? reconciler = null)
    {
        _client = client;
        _clock = clock ?? TimeProvider.System;
        _reconciler = reconciler ?? new KvWriteReconciler(client);
    }

    public async Task<SecretRotation> RotateAsync(string mount, string path, RotationPlan plan, CancellationToken cancellationToken) =>
        await RotateAsync(await new KvPathResolver(_client).ResolveAsync(mount, path, cancellationToken).ConfigureAwait(false), plan, cancellationToken).ConfigureAwait(false);

    public async Task<SecretRotation> RotateAsync(KvLocation location, RotationPlan plan, CancellationToken cancellationToken)
    {
        if (plan.FieldNames.Count == 0)
        {
            throw new ConfigurationException("VaultRunbook.Rotation.NothingToRotate", "Name at least one field to rotate (-Data or -Generate).");
        }

        EnsureKvV2(location);
        var current = await ReadCurrentAsync(location, cancellationToken).ConfigureAwait(false);
        var data = (JsonObject)current.Data.DeepClone();
        foreach (var (name, value) in plan.Values)
        {
            data[name] = value.ToJson();
        }

        foreach (var name in plan.Generate)
        {
            data[name] = SecretGenerator.Generate(plan.Length, plan.CharacterSet);
        }

        var (version, createdTime, reconciled) = await WriteAsync(location, data, current.Version, cancellationToken).ConfigureAwait(false);
        return new SecretRotation
        {
            Mount = current.Mount,
            Path = current.Path,
            PreviousVersion = current.Version,
            NewVersion = version,
            RotatedFields = plan.FieldNames,
            RotatedAt = createdTime ?? _clock.GetUtcNow(),
            Address = _client.Settings.AddressText,
            Namespace = _client.Settings.Namespace,
            Reconciled = reconciled,
            Verified = await VerifyAsync(location, version, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The field names a rotation would change, after checking the secret can be rotated (for -WhatIf).</summary>
    public async Task<(KvSecret Current, IReadOnlyList<string> Fields)> PlanAsync(KvLocation location, RotationPlan plan, CancellationToken cancellationToken)
    {
        EnsureKvV2(location);
        var current = await ReadCurrentAsync(location, cancellationToken).ConfigureAwait(false);
        return (current, plan.FieldNames);
    }

    /// <summary>
    /// Writes the data of <paramref name="toVersion"/> (default: the version before the current one) as a new
    /// version, with check-and-set against the current version. A deleted or destroyed version is refused.
    /// </summary>
    /// <param name="expectedCurrent">When set (undoing a given rotation), refuse if the secret has changed since.</param>
    public async Task<SecretRotation> RollbackAsync(KvLocation location, int? toVersion, int? expectedCurrent, CancellationToken cancellationToken)
    {
        EnsureKvV2(location);
        var target = location.Target;
        var metadata = await _client.ReadMetadataAsync(location.Mount, location.Path, cancellationToken).ConfigureAwait(false);
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

        var old = await _client.ReadSecretAsync(location.Mount, location.Path, version, cancellationToken).ConfigureAwait(false);
        var current = await _client.ReadSecretAsync(location.Mount, location.Path, null, cancellationToken).ConfigureAwait(false);
        var (written, createdTime, reconciled) = await WriteAsync(location, old.Data, metadata.CurrentVersion, cancellationToken).ConfigureAwait(false);
        var changed = old.Data.Select(p => p.Key).Union(current.Data.Select(p => p.Key))
            .Where(name => !JsonNode.DeepEquals(old.Data[name], current.Data[name]))
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToArray();
        return new SecretRotation
        {
            Mount = old.Mount,
            Path = old.Path,
            PreviousVersion = metadata.CurrentVersion,
            NewVersion = written,
            RotatedFields = changed,
            RotatedAt = createdTime ?? _clock.GetUtcNow(),
            Address = _client.Settings.AddressText,
            Namespace = _client.Settings.Namespace,
            RestoredFromVersion = version,
            Reconciled = reconciled,
            Verified = await VerifyAsync(location, written, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>The check-and-set write; a lost answer is reconciled against the written fields' hashes.</summary>
    private async Task<(int Version, DateTimeOffset? CreatedTime, bool Reconciled)> WriteAsync(KvLocation location, JsonObject data, int cas, CancellationToken cancellationToken)
    {
        try
        {
            var written = await _client.WriteSecretAsync(location.Mount, location.Path, data, cas, cancellationToken).ConfigureAwait(false);
            return (written.Version, written.CreatedTime, false);
        }
        catch (EngineException ex) when (KvWriteReconciler.OutcomeUnknown(ex))
        {
            var version = await _reconciler.ConfirmAsync(location, cas, KvWriteReconciler.ExpectedHashes(data), ex, "Rotation", cancellationToken).ConfigureAwait(false);
            return (version, null, true);
        }
    }

    private static void EnsureKvV2(KvLocation location)
    {
        if (!location.Versioned)
        {
            throw new KvException(
                "VaultRunbook.Rotation.KvV1",
                ErrorKind.InvalidOperation,
                $"{location.Target} is on the KV version 1 mount '{location.Mount}/': it keeps no versions, so a rotation would destroy the old value with no way back. Migrate the mount to KV v2 (vault kv enable-versioning) first.",
                location.Target);
        }
    }

    private async Task<KvSecret> ReadCurrentAsync(KvLocation location, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.ReadSecretAsync(location.Mount, location.Path, null, cancellationToken).ConfigureAwait(false);
        }
        catch (KvException ex) when (ex.ErrorId is "VaultRunbook.Secret.VersionDeleted" or "VaultRunbook.Secret.VersionDestroyed")
        {
            throw new KvException(
                "VaultRunbook.Rotation.CurrentVersionUnavailable",
                ErrorKind.InvalidOperation,
                $"The current version of {location.Target} is deleted or destroyed, so its other fields cannot be kept. Undelete it or roll back first.",
                location.Target,
                ex);
        }
    }

    /// <summary>
    /// Confirms current_version in the metadata. Vault already answered the write with its version, so a metadata
    /// read that stays unanswered does not undo that: the rotation is reported, marked not verified.
    /// </summary>
    private async Task<bool> VerifyAsync(KvLocation location, int written, CancellationToken cancellationToken)
    {
        KvMetadata metadata;
        try
        {
            metadata = await _client.ReadMetadataAsync(location.Mount, location.Path, cancellationToken).ConfigureAwait(false);
        }
        catch (EngineException ex) when (ex is VaultUnreachableException or VaultInvalidResponseException || ex is VaultApiException { StatusCode: >= (System.Net.HttpStatusCode)500 })
        {
            return false;
        }

        if (metadata.CurrentVersion < written || metadata.VersionInfo(written) is not { Readable: true })
        {
            throw new KvException(
                "VaultRunbook.Rotation.VerifyFailed",
                ErrorKind.InvalidResult,
                $"Vault accepted version {written} of {location.Target}, but its metadata says current_version {metadata.CurrentVersion}.",
                location.Target);
        }

        return true;
    }
}
