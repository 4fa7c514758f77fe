using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Kv;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// KV v2 data/&lt;path&gt; (vault-api-notes §6): read (?version=N), write with options.cas, PATCH
/// (merge patch), DELETE (soft delete of the latest version). A deleted or destroyed version answers
/// 404 with the full envelope (data.data null, data.metadata set) and no errors key.
/// </summary>
internal sealed class KvDataEndpoint(KvStore kv)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map(
            "data/(?<path>.*?[^/])",
            Exists,
            (LogicalOperation.Read, Read),
            (LogicalOperation.Update, Write),
            (LogicalOperation.Patch, Patch),
            (LogicalOperation.Delete, Delete));

    /// <summary>create vs update: whether the key has metadata.</summary>
    internal bool Exists(LogicalRequest request) =>
        kv.Current(request.Mount)?.Secrets?.ContainsKey(request.Param("path")) == true;

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        string? error = null;
        LogicalFields.TryGetInt(request.Data, "version", out long requested, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        MountEntry? mount = kv.Current(request.Mount);
        if (mount?.Secrets is null || !mount.Secrets.TryGetValue(request.Param("path"), out KvSecret? meta))
        {
            return Answer(mount is null ? LogicalResponse.Sealed : LogicalResponse.NotFound);
        }

        long number = requested > 0 ? requested : meta.CurrentVersion;
        if (!meta.Versions.TryGetValue(number, out KvVersion? version))
        {
            return Answer(LogicalResponse.NotFound);
        }

        var body = new JsonObject
        {
            ["data"] = null,
            ["metadata"] = KvV2Rules.VersionMetadata(number, version, meta),
        };
        if (version.IsDeleted(DateTime.UtcNow) || version.Destroyed || version.Data is null)
        {
            return Answer(LogicalResponse.Raw(request, 404, LogicalResponse.Ok(body)));
        }

        body["data"] = KvV2Rules.ForRead(version.Data.Value);
        return Answer(LogicalResponse.Ok(body));
    }

    private async ValueTask<LogicalResponse> Write(LogicalRequest request)
    {
        string? error = null;
        if (!LogicalFields.TryGetMap(request.Data, "data", out JsonObject secret, ref error))
        {
            return LogicalResponse.Invalid(error ?? "no data provided");
        }

        string key = request.Param("path");
        using (await kv.LockAsync(request.Mount, key).ConfigureAwait(false))
        {
            MountEntry? mount = kv.Current(request.Mount);
            if (mount is null)
            {
                return LogicalResponse.Sealed;
            }

            DateTime now = DateTime.UtcNow;
            KvConfig config = mount.KvConfig ?? KvConfig.Default;
            KvSecret meta = mount.Secrets?.GetValueOrDefault(key) ?? KvSecret.New(now);
            if (KvV2Rules.CheckCas(request.Data, config, meta) is { } casError)
            {
                return LogicalResponse.Invalid(casError);
            }

            KvSecret next = KvV2Rules.AddVersion(meta, config, now, LogicalData.ToElement(secret));
            if (!kv.Save(mount, key, next))
            {
                return LogicalResponse.Sealed;
            }

            return LogicalResponse.Ok(KvV2Rules.VersionMetadata(next.CurrentVersion, next.Versions[next.CurrentVersion], next));
        }
    }

    private async ValueTask<LogicalResponse> Patch(LogicalRequest request)
    {
        if (!LogicalFields.TryGet(request.Data, "data", out JsonNode patch))
        {
            return LogicalResponse.Invalid("no data provided");
        }

        string key = request.Param("path");
        using (await kv.LockAsync(request.Mount, key).ConfigureAwait(false))
        {
            MountEntry? mount = kv.Current(request.Mount);
            if (mount is null)
            {
                return LogicalResponse.Sealed;
            }

            KvSecret? meta = mount.Secrets?.GetValueOrDefault(key);
            if (meta is null)
            {
                return LogicalResponse.Raw(request, 404, inner: null);
            }

            KvConfig config = mount.KvConfig ?? KvConfig.Default;
            if (KvV2Rules.CheckCas(request.Data, config, meta) is { } casError)
            {
                return LogicalResponse.Invalid(casError);
            }

            if (!meta.Versions.TryGetValue(meta.CurrentVersion, out KvVersion? current))
            {
                return LogicalResponse.Raw(request, 404, inner: null);
            }

            DateTime now = DateTime.UtcNow;
            if (current.IsDeleted(now) || current.Destroyed || current.Data is null)
            {
                return LogicalResponse.Raw(request, 404, LogicalResponse.Ok(KvV2Rules.VersionMetadata(meta.CurrentVersion, current, meta)));
            }

            if (patch is not JsonObject || KvV2Rules.MergePatch(LogicalData.FromElement(current.Data.Value), patch) is not JsonObject patched)
            {
                return LogicalResponse.Invalid("error converting input for field \"data\": expected map");
            }

            KvSecret next = KvV2Rules.AddVersion(meta, config, now, LogicalData.ToElement(patched));
            if (!kv.Save(mount, key, next))
            {
                return LogicalResponse.Sealed;
            }

            return LogicalResponse.Ok(KvV2Rules.VersionMetadata(next.CurrentVersion, next.Versions[next.CurrentVersion], next));
        }
    }

    private async ValueTask<LogicalResponse> Delete(LogicalRequest request)
    {
        string key = request.Param("path");
        using (await kv.LockAsync(request.Mount, key).ConfigureAwait(false))
        {
            MountEntry? mount = kv.Current(request.Mount);
            KvSecret? meta = mount?.Secrets?.GetValueOrDefault(key);
            DateTime now = DateTime.UtcNow;
            if (mount is null || meta is null || !meta.Versions.TryGetValue(meta.CurrentVersion, out KvVersion? latest)
                || latest.Destroyed || latest.IsDeleted(now))
            {
                return LogicalResponse.Empty;
            }

            KvSecret next = meta with { Versions = meta.Versions.SetItem(meta.CurrentVersion, latest with { DeletionTime = now }) };
            return kv.Save(mount, key, next) ? LogicalResponse.Empty : LogicalResponse.Sealed;
        }
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
