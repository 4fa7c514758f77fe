using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Kv;

/// <summary>The rules of the KV v2 engine (vault-api-notes §6), as pure functions on <see cref="KvSecret"/>.</summary>
internal static class KvV2Rules
{
    public const int DefaultMaxVersions = 10;
    public const string CasMismatch = "check-and-set parameter did not match the current version";
    public const string CasRequired = "check-and-set parameter required for this call";

    /// <summary>The larger of the key's and the mount's max_versions; 10 when neither is set.</summary>
    public static int EffectiveMaxVersions(KvSecret meta, KvConfig config)
    {
        int max = Math.Max(meta.MaxVersions, config.MaxVersions);
        return max > 0 ? max : DefaultMaxVersions;
    }

    /// <summary>The check-and-set rule for a write or patch; null when the write may go ahead.</summary>
    public static string? CheckCas(JsonObject? data, KvConfig config, KvSecret meta)
    {
        JsonNode? cas = null;
        bool given = data?["options"] is JsonObject options && options.TryGetPropertyValue("cas", out cas);
        if (given)
        {
            if (cas is null || !TryWeakInt(cas, out long expected))
            {
                return "error parsing check-and-set parameter";
            }

            return expected == meta.CurrentVersion ? null : CasMismatch;
        }

        return config.CasRequired || meta.CasRequired ? CasRequired : null;
    }

    /// <summary>
    /// When a version written now is deleted automatically: creation + the smaller non-zero
    /// delete_version_after of key and mount; null when neither is set or the mount disabled it.
    /// </summary>
    public static DateTime? DeletionTime(DateTime from, KvConfig config, KvSecret meta)
    {
        if (config.DeleteVersionAfterDisabled)
        {
            return null;
        }

        long mount = config.DeleteVersionAfterSeconds ?? 0;
        long key = meta.DeleteVersionAfterSeconds ?? 0;
        if (mount == 0 && key == 0)
        {
            return null;
        }

        long chosen = key;
        if ((mount != 0 && mount < chosen) || chosen == 0)
        {
            chosen = mount;
        }

        return from.AddSeconds(chosen);
    }

    /// <summary>
    /// Adds a version and slides the window of kept versions (Vault's AddVersion): once
    /// current - oldest reaches max_versions, versions up to current - max are dropped and
    /// oldest_version becomes current - max + 1 (so it leaves 0 when the max-th version is written).
    /// </summary>
    public static KvSecret AddVersion(KvSecret meta, KvConfig config, DateTime now, JsonElement data)
    {
        long current = meta.CurrentVersion + 1;
        var version = new KvVersion(now, DeletionTime(now, config, meta), Destroyed: false, data);
        var versions = meta.Versions.SetItem(current, version);
        long oldest = meta.OldestVersion;
        int max = EffectiveMaxVersions(meta, config);
        if (current - oldest >= max)
        {
            long cutoff = current - max;
            for (long v = oldest; v <= cutoff; v++)
            {
                versions = versions.Remove(v);
            }

            oldest = cutoff + 1;
        }

        return meta with { CurrentVersion = current, OldestVersion = oldest, UpdatedTime = now, Versions = versions };
    }

    /// <summary>A version's metadata: {created_time, custom_metadata, deletion_time, destroyed, version}.</summary>
    public static JsonObject VersionMetadata(long number, KvVersion version, KvSecret meta) => new()
    {
        ["created_time"] = GoTime.Rfc3339Nano(version.CreatedTime),
        ["custom_metadata"] = KvCustomMetadata.ToNode(meta.CustomMetadata),
        ["deletion_time"] = version.DeletionTime is { } deleted ? GoTime.Rfc3339Nano(deleted) : string.Empty,
        ["destroyed"] = version.Destroyed,
        ["version"] = number,
    };

    /// <summary>The metadata endpoint's body.</summary>
    public static JsonObject Metadata(KvSecret meta)
    {
        var versions = new JsonObject();
        foreach (KeyValuePair<long, KvVersion> pair in meta.Versions)
        {
            versions[pair.Key.ToString(CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["created_time"] = GoTime.Rfc3339Nano(pair.Value.CreatedTime),
                ["deletion_time"] = pair.Value.DeletionTime is { } deleted ? GoTime.Rfc3339Nano(deleted) : string.Empty,
                ["destroyed"] = pair.Value.Destroyed,
            };
        }

        return new JsonObject
        {
            ["cas_required"] = meta.CasRequired,
            ["created_time"] = GoTime.Rfc3339Nano(meta.CreatedTime),
            ["current_version"] = meta.CurrentVersion,
            ["custom_metadata"] = KvCustomMetadata.ToNode(meta.CustomMetadata),
            ["delete_version_after"] = GoDuration.Format(meta.DeleteVersionAfterSeconds ?? 0),
            ["max_versions"] = meta.MaxVersions,
            ["oldest_version"] = meta.OldestVersion,
            ["updated_time"] = GoTime.Rfc3339Nano(meta.UpdatedTime),
            ["versions"] = versions,
        };
    }

    /// <summary>
    /// Stored data as a read returns it: Vault decodes the stored JSON into a Go map without
    /// json.Number, so every number comes back as a float64 ("1.0" reads as 1, 2^53+1 loses precision).
    /// </summary>
    public static JsonNode? ForRead(JsonElement data) => data.ValueKind switch
    {
        JsonValueKind.Object => new JsonObject(data.EnumerateObject().GroupBy(p => p.Name, StringComparer.Ordinal)
            .Select(g => KeyValuePair.Create(g.Key, ForRead(g.Last().Value)))),
        JsonValueKind.Array => new JsonArray([.. data.EnumerateArray().Select(ForRead)]),
        JsonValueKind.Number => JsonValue.Create(data.GetDouble()),
        JsonValueKind.String => JsonValue.Create(data.GetString()),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        _ => null,
    };

    /// <summary>RFC 7386 JSON merge patch (framework.HandlePatchOperation).</summary>
    public static JsonNode? MergePatch(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        JsonObject result = target is JsonObject targetObject ? (JsonObject)targetObject.DeepClone() : [];
        foreach (KeyValuePair<string, JsonNode?> member in patchObject)
        {
            if (member.Value is null)
            {
                result.Remove(member.Key);
            }
            else
            {
                result.TryGetPropertyValue(member.Key, out JsonNode? existing);
                JsonNode? merged = MergePatch(existing, member.Value);
                result.Remove(member.Key);
                result[member.Key] = merged;
            }
        }

        return result;
    }

    /// <summary>mapstructure.WeakDecode into an int.</summary>
    private static bool TryWeakInt(JsonNode node, out long value)
    {
        var holder = new JsonObject { ["v"] = node.DeepClone() };
        string? error = null;
        return LogicalFields.TryGetInt(holder, "v", out value, ref error);
    }
}
