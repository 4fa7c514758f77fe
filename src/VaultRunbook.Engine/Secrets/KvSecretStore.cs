using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// Reads, writes and removes secrets at a resolved <see cref="KvLocation"/>, KV v1 or v2, as `vault kv get`,
/// `put`, `patch`, `delete`, `undelete`, `destroy` and `metadata delete` do. Options that only KV v2 has
/// (versions, check-and-set, patch) are refused on KV v1 before anything is sent. A KV v2 write whose answer is
/// lost is confirmed or ruled out by <see cref="KvWriteReconciler"/> before it is reported.
/// </summary>
public sealed class KvSecretStore
{
    private readonly IVaultClient _client;
    private readonly KvWriteReconciler _reconciler;
    private readonly TimeProvider _clock;

    public KvSecretStore(IVaultClient client, KvWriteReconciler? reconciler = null, TimeProvider? clock = null)
    {
        _client = client;
        _reconciler = reconciler ?? new KvWriteReconciler(client);
        _clock = clock ?? TimeProvider.System;
    }

    public Task<KvSecret> ReadAsync(KvLocation location, int? version, CancellationToken cancellationToken)
    {
        if (version is not null)
        {
            location.RequireVersioned("-Version");
        }

        return location.Versioned
            ? _client.ReadSecretAsync(location.Mount, location.Path, version, cancellationToken)
            : _client.ReadV1SecretAsync(location, cancellationToken);
    }

    public Task<KvMetadata> ReadMetadataAsync(KvLocation location, CancellationToken cancellationToken)
    {
        location.RequireVersioned("metadata");
        return _client.ReadMetadataAsync(location.Mount, location.Path, cancellationToken);
    }

    /// <summary>
    /// `vault kv put` (the whole secret) or, with <paramref name="patch"/>, `vault kv patch` (a merge patch: a null
    /// value removes the field). <paramref name="cas"/> is check-and-set (KV v2 only).
    /// </summary>
    public async Task<SecretWrite> WriteAsync(KvLocation location, IReadOnlyDictionary<string, SensitiveValue> values, int? cas, bool patch, CancellationToken cancellationToken)
    {
        if (values.Count == 0)
        {
            throw new ConfigurationException("VaultRunbook.Secret.NoData", "Give at least one field to write (-Data).");
        }

        if (cas is not null)
        {
            location.RequireVersioned("-Cas (check-and-set)");
        }

        if (patch)
        {
            location.RequireVersioned("-Patch");
        }

        var data = new JsonObject();
        foreach (var (name, value) in values)
        {
            if (value.IsNull && !patch)
            {
                throw new ConfigurationException("VaultRunbook.Secret.UnsupportedValue", $"The field '{name}' has no value; only -Patch can remove a field (with $null).");
            }

            data[name] = value.ToJson();
        }

        var fields = values.Keys.OrderBy(n => n, StringComparer.Ordinal).ToArray();
        if (!location.Versioned)
        {
            await _client.WriteV1SecretAsync(location, data, cancellationToken).ConfigureAwait(false);
            return Result(location, null, null, patch, fields, null, reconciled: false);
        }

        var previous = cas ?? await CurrentVersionAsync(location, cancellationToken).ConfigureAwait(false);
        try
        {
            var written = patch
                ? await _client.PatchSecretAsync(location.Mount, location.Path, data, cas, cancellationToken).ConfigureAwait(false)
                : await _client.WriteSecretAsync(location.Mount, location.Path, data, cas, cancellationToken).ConfigureAwait(false);
            return Result(location, written.Version, previous, patch, fields, written.CreatedTime, reconciled: false);
        }
        catch (EngineException ex) when (KvWriteReconciler.OutcomeUnknown(ex))
        {
            var version = await _reconciler.ConfirmAsync(location, previous, KvWriteReconciler.ExpectedHashes(data, patch), ex, "Secret", cancellationToken).ConfigureAwait(false);
            return Result(location, version, previous, patch, fields, null, reconciled: true);
        }
    }

    /// <summary>What Remove-VaultSecret does; the options that need KV v2 are refused on KV v1.</summary>
    public Task RemoveAsync(KvLocation location, SecretRemoval removal, IReadOnlyList<int>? versions, CancellationToken cancellationToken)
    {
        switch (removal)
        {
            case SecretRemoval.Delete when !location.Versioned && versions is not { Count: > 0 }:
                return _client.DeleteV1SecretAsync(location, cancellationToken);
            case SecretRemoval.Delete:
                location.RequireVersioned("-Version");
                return _client.DeleteVersionsAsync(location, versions, cancellationToken);
            case SecretRemoval.Undelete:
                location.RequireVersioned("-Undelete");
                return _client.UndeleteVersionsAsync(location, RequireVersions(versions, "-Undelete"), cancellationToken);
            case SecretRemoval.Destroy:
                location.RequireVersioned("-Destroy");
                return _client.DestroyVersionsAsync(location, RequireVersions(versions, "-Destroy"), cancellationToken);
            case SecretRemoval.Metadata:
                location.RequireVersioned("-Metadata");
                return _client.DeleteMetadataAsync(location, cancellationToken);
            default:
                throw new ArgumentOutOfRangeException(nameof(removal));
        }
    }

    private static IReadOnlyList<int> RequireVersions(IReadOnlyList<int>? versions, string what) =>
        versions is { Count: > 0 } given ? given : throw new ConfigurationException("VaultRunbook.Secret.NoVersion", $"{what} needs the versions to act on (-Version).");

    /// <summary>The current version before a write, so a lost answer can be reconciled; 0 for a new secret, null if unreadable.</summary>
    private async Task<int?> CurrentVersionAsync(KvLocation location, CancellationToken cancellationToken)
    {
        try
        {
            return (await _client.ReadMetadataAsync(location.Mount, location.Path, cancellationToken).ConfigureAwait(false)).CurrentVersion;
        }
        catch (KvException ex) when (ex.ErrorId == "VaultRunbook.Secret.NotFound")
        {
            return 0;
        }
        catch (VaultApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.Forbidden)
        {
            return null; // a policy may allow writing data but not reading metadata
        }
    }

    private SecretWrite Result(KvLocation location, int? version, int? previous, bool patch, IReadOnlyList<string> fields, DateTimeOffset? createdTime, bool reconciled) => new()
    {
        Mount = location.Mount,
        Path = location.Path,
        Version = version,
        PreviousVersion = previous,
        Operation = patch ? "Patch" : "Put",
        Fields = fields,
        WrittenAt = createdTime ?? _clock.GetUtcNow(),
        Address = _client.Settings.AddressText,
        Namespace = _client.Settings.Namespace,
        Reconciled = reconciled,
    };
}
