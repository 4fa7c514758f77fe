using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// Builds a logical request's data the way Vault's HTTP layer does: a JSON body decoded into a Go
/// map (duplicate keys: the last wins; numbers kept as written, like json.Number), or the query
/// string for GET and DELETE (one value: a string, several: a list; "help" skipped).
/// </summary>
internal static class LogicalData
{
    /// <summary>Null data for an empty body; false with Vault's message when the body is not a JSON object.</summary>
    public static bool TryParseBody(byte[] body, out JsonObject? data, out string? error)
    {
        data = null;
        error = null;
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            return true;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"failed to parse JSON input: json: cannot unmarshal {GoKind(root)} into Go value of type map[string]interface {{}}";
                return false;
            }

            data = (JsonObject)FromElement(root)!;
            return true;
        }
        catch (JsonException)
        {
            error = "failed to parse JSON input: invalid character looking for beginning of value";
            return false;
        }
    }

    public static JsonObject? FromQuery(GoQuery query)
    {
        var data = new JsonObject();
        foreach (IGrouping<string, string> group in query.Pairs.GroupBy(p => p.Key, p => p.Value, StringComparer.Ordinal))
        {
            if (group.Key == "help")
            {
                continue;
            }

            string[] values = [.. group];
            data[group.Key] = values.Length == 1 ? JsonValue.Create(values[0]) : new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        return data.Count > 0 ? data : null;
    }

    /// <summary>A mutable tree from a parsed element; values stay backed by JSON elements (numbers as written).</summary>
    public static JsonNode? FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var map = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    map[property.Name] = FromElement(property.Value);
                }

                var obj = new JsonObject();
                foreach (KeyValuePair<string, JsonNode?> pair in map)
                {
                    obj[pair.Key] = pair.Value;
                }

                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (JsonElement item in element.EnumerateArray())
                {
                    array.Add(FromElement(item));
                }

                return array;
            case JsonValueKind.Null or JsonValueKind.Undefined:
                return null;
            default:
                return JsonValue.Create(element.Clone());
        }
    }

    /// <summary>The tree as a detached element (for storage).</summary>
    public static JsonElement ToElement(JsonNode? node)
    {
        string text = new GoJsonWriter().Node(null, node).ToCompactString();
        using JsonDocument document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    private static string GoKind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        _ => "object",
    };
}
