using System.Collections.Immutable;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Kv;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// KV v2 metadata/&lt;path&gt; (vault-api-notes §6): read, list (folders end in "/", nothing is 404),
/// write and PATCH of max_versions, cas_required, delete_version_after and custom_metadata (with
/// Vault's limits), and DELETE of the key with all its versions.
/// </summary>
internal sealed class KvMetadataEndpoint(KvStore kv)
{
    private const string CasWarning = "\"cas_required\" set to false, but is mandated by backend config. This value will be ignored.";

    public void Map(LogicalRouteTable routes) =>
        routes.Map(
            "metadata/(?<path>.*)",
            request => kv.Current(request.Mount)?.Secrets?.ContainsKey(request.Param("path")) == true,
            (LogicalOperation.Read, Read),
            (LogicalOperation.List, List),
            (LogicalOperation.Update, Write),
            (LogicalOperation.Patch, Patch),
            (LogicalOperation.Delete, Delete));

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        MountEntry? mount = kv.Current(request.Mount);
        LogicalResponse response = mount?.Secrets?.GetValueOrDefault(request.Param("path")) is { } meta
            ? LogicalResponse.Ok(KvV2Rules.Metadata(meta))
            : mount is null ? LogicalResponse.Sealed : LogicalResponse.NotFound;
        return ValueTask.FromResult(response);
    }

    private ValueTask<LogicalResponse> List(LogicalRequest request)
    {
        MountEntry? mount = kv.Current(request.Mount);
        if (mount is null)
        {
            return ValueTask.FromResult(LogicalResponse.Sealed);
        }

        List<string> keys = KvPaths.Children(mount.Secrets?.Keys ?? [], request.Param("path"));
        return ValueTask.FromResult(keys.Count == 0
            ? LogicalResponse.NotFound
            : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode?)k)]) }));
    }

    private async ValueTask<LogicalResponse> Write(LogicalRequest request)
    {
        string key = request.Param("path");
        if (key.Length == 0)
        {
            return LogicalResponse.Invalid("missing path", outerError: false);
        }

        if (ReadSettings(request, skipNulls: false, out Settings settings) is { } invalid)
        {
            return invalid;
        }

        if (!settings.Any)
        {
            return LogicalResponse.Empty;
        }

        using (await kv.LockAsync(request.Mount, key).ConfigureAwait(false))
        {
            MountEntry? mount = kv.Current(request.Mount);
            if (mount is null)
            {
                return LogicalResponse.Sealed;
            }

            KvSecret meta = mount.Secrets?.GetValueOrDefault(key) ?? KvSecret.New(DateTime.UtcNow);
            if (settings.CustomMetadata is not null)
            {
                meta = meta with { CustomMetadata = KvCustomMetadata.ToStored(settings.CustomMetadata) };
            }

            meta = Apply(meta, settings);
            return !kv.Save(mount, key, meta) ? LogicalResponse.Sealed : Warned(mount, settings);
        }
    }

    private async ValueTask<LogicalResponse> Patch(LogicalRequest request)
    {
        string key = request.Param("path");
        if (key.Length == 0)
        {
            return LogicalResponse.Invalid("missing path", outerError: false);
        }

        if (ReadSettings(request, skipNulls: true, out Settings settings) is { } invalid)
        {
            return invalid;
        }

        using (await kv.LockAsync(request.Mount, key).ConfigureAwait(false))
        {
            MountEntry? mount = kv.Current(request.Mount);
            if (mount is null)
            {
                return LogicalResponse.Sealed;
            }

            if (mount.Secrets?.GetValueOrDefault(key) is not { } meta)
            {
                return LogicalResponse.Raw(request, 404, inner: null);
            }

            if (settings.CustomMetadataPatch is { } patch)
            {
                // A merge patch of the map: null removes a key.
                var merged = new Dictionary<string, string>(meta.CustomMetadata ?? ImmutableDictionary<string, string>.Empty, StringComparer.Ordinal);
                foreach (KeyValuePair<string, JsonNode?> member in patch)
                {
                    if (member.Value is null)
                    {
                        merged.Remove(member.Key);
                    }
                    else
                    {
                        merged[member.Key] = settings.CustomMetadata![member.Key];
                    }
                }

                meta = meta with { CustomMetadata = KvCustomMetadata.ToStored(merged) };
            }

            meta = Apply(meta, settings);
            return !kv.Save(mount, key, meta) ? LogicalResponse.Sealed : Warned(mount, settings);
        }
    }

    private async ValueTask<LogicalResponse> Delete(LogicalRequest request)
    {
        string key = request.Param("path");
        using (await kv.LockAsync(request.Mount, key).ConfigureAwait(false))
        {
            MountEntry? mount = kv.Current(request.Mount);
            if (mount?.Secrets is null || !mount.Secrets.ContainsKey(key))
            {
                return LogicalResponse.Empty;
            }

            return kv.Save(mount, key, secret: null) ? LogicalResponse.Empty : LogicalResponse.Sealed;
        }
    }

    private static KvSecret Apply(KvSecret meta, Settings settings)
    {
        if (settings.MaxVersions is { } max)
        {
            meta = meta with { MaxVersions = max };
        }

        if (settings.CasRequired is { } cas)
        {
            meta = meta with { CasRequired = cas };
        }

        if (settings.DeleteVersionAfter is { } dva)
        {
            meta = meta with { DeleteVersionAfterSeconds = dva == 0 ? null : dva };
        }

        return meta;
    }

    private static LogicalResponse Warned(MountEntry mount, Settings settings) =>
        settings.CasRequired == false && (mount.KvConfig ?? KvConfig.Default).CasRequired
            ? new LogicalResponse { Warnings = [CasWarning] }
            : LogicalResponse.Empty;

    /// <summary>The fields given; an error response when one is malformed or custom_metadata breaks the limits.</summary>
    private static LogicalResponse? ReadSettings(LogicalRequest request, bool skipNulls, out Settings settings)
    {
        settings = new Settings();
        string? error = null;
        JsonObject? data = request.Data;
        if (LogicalFields.TryGetInt(data, "max_versions", out long max, ref error))
        {
            if (max is < 0 or > int.MaxValue)
            {
                return LogicalResponse.Invalid("max_versions must be between 0 and " + int.MaxValue);
            }

            settings = settings with { MaxVersions = (int)max };
        }

        if (LogicalFields.TryGetBool(data, "cas_required", out bool cas, ref error))
        {
            settings = settings with { CasRequired = cas };
        }

        if (LogicalFields.TryGetDuration(data, "delete_version_after", allowNegative: false, out long dva, ref error))
        {
            settings = settings with { DeleteVersionAfter = dva };
        }

        if (LogicalFields.TryGetMap(data, "custom_metadata", out JsonObject raw, ref error))
        {
            Dictionary<string, string>? parsed = KvCustomMetadata.Parse(raw, skipNulls, out string? invalid);
            if (parsed is null)
            {
                return LogicalResponse.Invalid(invalid!, outerError: false);
            }

            settings = settings with { CustomMetadata = parsed, CustomMetadataPatch = raw };
        }

        return error is null ? null : LogicalResponse.Invalid(error);
    }

    private sealed record Settings
    {
        public int? MaxVersions { get; init; }

        public bool? CasRequired { get; init; }

        public long? DeleteVersionAfter { get; init; }

        public Dictionary<string, string>? CustomMetadata { get; init; }

        public JsonObject? CustomMetadataPatch { get; init; }

        public bool Any => MaxVersions is not null || CasRequired is not null || DeleteVersionAfter is not null || CustomMetadata is not null;
    }
}
