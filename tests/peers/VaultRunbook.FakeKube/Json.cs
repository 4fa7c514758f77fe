using System.Globalization;
using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>Small helpers over System.Text.Json.Nodes for Kubernetes objects.</summary>
public static class Json
{
    public static JsonObject Meta(this JsonObject obj) => obj.Obj("metadata");

    /// <summary>The child object, created when missing.</summary>
    public static JsonObject Obj(this JsonObject obj, string name)
    {
        if (obj[name] is JsonObject existing)
        {
            return existing;
        }

        var made = new JsonObject();
        obj[name] = made;
        return made;
    }

    public static JsonArray Arr(this JsonObject obj, string name)
    {
        if (obj[name] is JsonArray existing)
        {
            return existing;
        }

        var made = new JsonArray();
        obj[name] = made;
        return made;
    }

    public static string? Str(this JsonNode? node, string name) => node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public static long Long(this JsonNode? node, string name, long fallback = 0) =>
        node is JsonObject o && o[name] is JsonValue v && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : fallback;

    /// <summary>Drops null-valued fields everywhere, as decoding into the API's typed structs does ("creationTimestamp": null).</summary>
    public static void DropNulls(JsonNode? node)
    {
        if (node is JsonObject obj)
        {
            foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                obj.Remove(key);
            }

            foreach (var (_, value) in obj)
            {
                DropNulls(value);
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                DropNulls(item);
            }
        }
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Now() => Time(DateTimeOffset.UtcNow);

    public static JsonObject Labels(System.Collections.IDictionary? labels)
    {
        var result = new JsonObject();
        foreach (System.Collections.DictionaryEntry entry in labels ?? new Dictionary<string, string>())
        {
            result[entry.Key.ToString()!] = entry.Value?.ToString();
        }

        return result;
    }

    public static Dictionary<string, string> StringMap(JsonNode? node) =>
        node is JsonObject o ? o.Where(p => p.Value is JsonValue).ToDictionary(p => p.Key, p => p.Value!.GetValue<string>()) : new Dictionary<string, string>();
}
