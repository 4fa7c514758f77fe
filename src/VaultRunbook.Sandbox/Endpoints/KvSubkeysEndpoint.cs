using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Kv;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// KV v2 GET subkeys/&lt;path&gt;?version=N&amp;depth=D: the secret's keys without its values (every leaf
/// null; nested objects kept down to depth D, 0 = all) and the version's metadata. A deleted or
/// destroyed version answers 404 with subkeys null and the metadata, as a data read does.
/// </summary>
internal sealed class KvSubkeysEndpoint(KvStore kv)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("subkeys/(?<path>.*?[^/])", exists: null, (LogicalOperation.Read, Read));

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        string? error = null;
        LogicalFields.TryGetInt(request.Data, "version", out long requested, ref error);
        LogicalFields.TryGetInt(request.Data, "depth", out long depth, ref error);
        if (error is not null || depth < 0)
        {
            return Answer(LogicalResponse.Invalid(error ?? "depth must be a non-negative integer"));
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
            ["metadata"] = KvV2Rules.VersionMetadata(number, version, meta),
            ["subkeys"] = null,
        };
        if (version.IsDeleted(DateTime.UtcNow) || version.Destroyed || version.Data is null)
        {
            return Answer(LogicalResponse.Raw(request, 404, LogicalResponse.Ok(body)));
        }

        body["subkeys"] = Keys(version.Data.Value, depth, 1);
        return Answer(LogicalResponse.Ok(body));
    }

    private static JsonObject Keys(JsonElement secret, long depth, long level)
    {
        var keys = new JsonObject();
        foreach (JsonProperty field in secret.EnumerateObject())
        {
            keys[field.Name] = field.Value.ValueKind == JsonValueKind.Object && (depth == 0 || level < depth)
                ? Keys(field.Value, depth, level + 1)
                : null;
        }

        return keys;
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
