using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Kv;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// A KV v1 mount (Vault's passthrough backend): a flat JSON object per path, no versions. A read
/// carries lease_duration (the "ttl" or "lease" field, else 768h); a write answers 204; LIST gives
/// the next path segments.
/// </summary>
internal sealed class KvV1Endpoint(KvStore kv)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map(
            "(?<path>.*)",
            request => kv.Current(request.Mount)?.Entries?.ContainsKey(request.Param("path")) == true,
            (LogicalOperation.Read, Read),
            (LogicalOperation.Update, Write),
            (LogicalOperation.Delete, Delete),
            (LogicalOperation.List, List));

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        MountEntry? mount = kv.Current(request.Mount);
        if (mount?.Entries is null || !mount.Entries.TryGetValue(request.Param("path"), out JsonElement entry))
        {
            return ValueTask.FromResult(mount is null ? LogicalResponse.Sealed : LogicalResponse.NotFound);
        }

        // The passthrough backend decodes with json.Number: numbers come back as written.
        var data = (JsonObject)LogicalData.FromElement(entry)!;
        return ValueTask.FromResult(new LogicalResponse { Data = data, LeaseDuration = LeaseSeconds(data) });
    }

    private ValueTask<LogicalResponse> Write(LogicalRequest request)
    {
        string key = request.Param("path");
        if (key.Length == 0)
        {
            return ValueTask.FromResult(LogicalResponse.Invalid("missing path", outerError: false));
        }

        if (request.Data is not { Count: > 0 } data)
        {
            return ValueTask.FromResult(LogicalResponse.Invalid("missing data fields", outerError: false));
        }

        return ValueTask.FromResult(kv.SaveEntry(request.Mount, key, LogicalData.ToElement(data)) ? LogicalResponse.Empty : LogicalResponse.Sealed);
    }

    private ValueTask<LogicalResponse> Delete(LogicalRequest request) =>
        ValueTask.FromResult(kv.SaveEntry(request.Mount, request.Param("path"), entry: null) ? LogicalResponse.Empty : LogicalResponse.Sealed);

    private ValueTask<LogicalResponse> List(LogicalRequest request)
    {
        MountEntry? mount = kv.Current(request.Mount);
        if (mount is null)
        {
            return ValueTask.FromResult(LogicalResponse.Sealed);
        }

        List<string> keys = KvPaths.Children(mount.Entries?.Keys ?? [], request.Param("path"));
        return ValueTask.FromResult(keys.Count == 0
            ? LogicalResponse.NotFound
            : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. keys.Select(k => (JsonNode?)k)]) }));
    }

    private static long LeaseSeconds(JsonObject data)
    {
        JsonNode? ttl = data["ttl"] ?? data["lease"];
        if (ttl is not null && LogicalFields.WeakString(ttl) is { } text && GoDuration.TryParseSeconds(text, out long seconds))
        {
            return seconds;
        }

        return LogicalEnvelope.DefaultLeaseSeconds;
    }
}
