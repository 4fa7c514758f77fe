using System.Net;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// Finds out what happened to a KV v2 write whose answer was lost (no answer in time, a dropped connection, a
/// 5xx other than "sealed"): Vault may have stored it. Re-reads the metadata, with retries, and compares every
/// version written after <c>baseVersion</c> with the written fields' hashes. The write is then known as written
/// (its version), not written (<c>VaultRunbook.&lt;Area&gt;.NotWritten</c>: safe to retry), or, only while Vault
/// stays unreachable, unknown (<c>VaultRunbook.&lt;Area&gt;.OutcomeUnknown</c>, naming the version to check).
/// </summary>
public sealed class KvWriteReconciler
{
    private readonly IVaultClient _client;
    private readonly int _rounds;
    private readonly TimeSpan _firstDelay;

    /// <param name="rounds">Metadata re-reads (each with the client's own retries).</param>
    /// <param name="firstDelay">The wait before the second re-read; it doubles each round.</param>
    public KvWriteReconciler(IVaultClient client, int rounds = 4, TimeSpan? firstDelay = null)
    {
        _client = client;
        _rounds = Math.Max(1, rounds);
        _firstDelay = firstDelay ?? TimeSpan.FromMilliseconds(500);
    }

    /// <summary>True when a write that failed this way may still have been stored.</summary>
    public static bool OutcomeUnknown(EngineException failure) => failure switch
    {
        VaultUnreachableException => true,
        VaultInvalidResponseException => true,
        VaultApiException api => (int)api.StatusCode >= 500 && !IsSealed(api),
        _ => false,
    };

    /// <summary>Transient while reconciling: the next round may get an answer.</summary>
    private static bool Transient(Exception failure) => failure switch
    {
        VaultUnreachableException or VaultInvalidResponseException => true,
        VaultApiException api => (int)api.StatusCode >= 500 || api.StatusCode == (HttpStatusCode)429 || api.StatusCode == (HttpStatusCode)412,
        _ => false,
    };

    /// <summary>
    /// The version holding the write, or a <see cref="KvException"/> saying it was not written or cannot be known.
    /// </summary>
    /// <param name="baseVersion">The current version before the write (the check-and-set value); null when unknown.</param>
    /// <param name="expected">The written fields' hashes (a null hash: the write removed the field).</param>
    /// <param name="area">The ErrorId area: "Rotation" or "Secret".</param>
    public async Task<int> ConfirmAsync(
        KvLocation location,
        int? baseVersion,
        IReadOnlyDictionary<string, string?> expected,
        EngineException cause,
        string area,
        CancellationToken cancellationToken)
    {
        var next = (baseVersion ?? 0) + 1;
        Exception? last = cause;

        // After a timeout or a dropped connection Vault may still be working on the request, so "not there yet" is
        // no proof: keep looking for the whole reconciliation, and say "unknown" if it never shows.
        var mayStillLand = cause is VaultUnreachableException { MayHaveArrived: true } or VaultInvalidResponseException;
        string? notYet = null;
        for (var round = 0; round < _rounds; round++)
        {
            if (round > 0)
            {
                await Task.Delay(_firstDelay * Math.Pow(2, round - 1), cancellationToken).ConfigureAwait(false);
            }

            try
            {
                KvMetadata metadata;
                try
                {
                    metadata = await _client.ReadMetadataAsync(location.Mount, location.Path, cancellationToken).ConfigureAwait(false);
                }
                catch (KvException ex) when (ex.ErrorId == "VaultRunbook.Secret.NotFound")
                {
                    if (mayStillLand)
                    {
                        notYet = "the secret does not exist yet";
                        continue;
                    }

                    throw NotWritten(location, area, cause, "the secret still does not exist");
                }

                var newer = metadata.Versions.Where(v => v.Version > (baseVersion ?? 0)).OrderBy(v => v.Version).ToArray();
                if (baseVersion is null)
                {
                    newer = metadata.Versions.OrderByDescending(v => v.Version).Take(1).ToArray();
                }

                if (newer.Length == 0)
                {
                    if (mayStillLand)
                    {
                        notYet = $"its current version is still {metadata.CurrentVersion}";
                        continue;
                    }

                    throw NotWritten(location, area, cause, $"its current version is still {metadata.CurrentVersion}");
                }

                notYet = null;

                int? unreadable = null;
                foreach (var version in newer)
                {
                    if (!version.Readable)
                    {
                        unreadable ??= version.Version;
                        continue;
                    }

                    var secret = await _client.ReadSecretAsync(location.Mount, location.Path, version.Version, cancellationToken).ConfigureAwait(false);
                    if (FieldHash.Matches(secret.Data, expected))
                    {
                        return version.Version;
                    }
                }

                if (unreadable is { } hidden)
                {
                    throw Unknown(location, area, cause, hidden, $"version {hidden} was written meanwhile but is deleted or destroyed, so it cannot be compared");
                }

                throw NotWritten(location, area, cause, $"version{(newer.Length > 1 ? "s" : string.Empty)} {string.Join(", ", newer.Select(v => v.Version))} written since hold other values (another writer)");
            }
            catch (EngineException ex) when (ex is not KvException && Transient(ex))
            {
                last = ex;
            }
            catch (EngineException ex) when (ex is not KvException)
            {
                throw Unknown(location, area, cause, next, $"the re-read was refused ({Reason(ex)})");
            }
            catch (KvException ex) when (ex.ErrorId is "VaultRunbook.Secret.VersionDeleted" or "VaultRunbook.Secret.VersionDestroyed" or "VaultRunbook.Secret.NotFound")
            {
                // The version was deleted between the metadata read and the data read: look again.
                last = ex;
            }
        }

        if (notYet is not null)
        {
            throw Unknown(location, area, cause, next, $"{notYet} after {_rounds} re-reads, but the request may still be in flight (Vault can finish a request after the client gave up on it)");
        }

        throw Unknown(location, area, cause, next, $"Vault did not answer the re-reads either ({Reason(last)})");
    }

    /// <summary>
    /// The written fields' hashes, from the data a write sends. For a JSON merge patch (<paramref name="mergePatch"/>),
    /// nested objects merge into what is stored, so their fields are expected one by one, and null removes a field.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ExpectedHashes(JsonObject written, bool mergePatch = false)
    {
        var expected = new Dictionary<string, string?>(StringComparer.Ordinal);
        Add(expected, string.Empty, written, mergePatch);
        return expected;
    }

    private static void Add(Dictionary<string, string?> expected, string prefix, JsonObject fields, bool mergePatch)
    {
        foreach (var (name, value) in fields)
        {
            var key = prefix.Length == 0 ? name : prefix + FieldHash.PathSeparator + name;
            if (mergePatch && value is JsonObject nested)
            {
                Add(expected, key, nested, mergePatch);
            }
            else
            {
                expected[key] = value is null ? null : FieldHash.Of(value);
            }
        }
    }

    private static bool IsSealed(VaultApiException api) => api.StatusCode == HttpStatusCode.ServiceUnavailable && api.Mentions("sealed");

    private static string Reason(Exception? failure) => failure switch
    {
        VaultUnreachableException unreachable => unreachable.Reason,
        VaultApiException api => $"{(int)api.StatusCode} to {api.Method} /v1/{api.Path}",
        null => "no answer",
        _ => failure.Message.TrimEnd('.'),
    };

    private static KvException NotWritten(KvLocation location, string area, EngineException cause, string evidence) => new(
        $"VaultRunbook.{area}.NotWritten",
        ErrorKind.ResourceUnavailable,
        $"The write to {location.Target} got no usable answer ({Reason(cause)}), and Vault shows it was not stored: {evidence}. Nothing was written; it is safe to try again.",
        location.Target,
        cause);

    private static KvException Unknown(KvLocation location, string area, EngineException cause, int version, string why) => new(
        $"VaultRunbook.{area}.OutcomeUnknown",
        ErrorKind.ConnectionError,
        $"The write to {location.Target} got no usable answer ({Reason(cause)}) and its outcome is unknown: {why}. Check version {version} (Get-VaultSecretMetadata -Mount {location.Mount} -Path {location.Path}) before trying again; a blind retry may write twice.",
        location.Target,
        cause);
}
