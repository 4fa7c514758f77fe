using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// Reads typed fields from request data as Vault's framework.FieldData does (exact key match, weak
/// typing: "5" is an int, "true" a bool, 60 a duration of 60 seconds). A value of the wrong type is
/// an error "error converting input ... for field ...", which Vault answers with 400 (the sandbox
/// names the JSON kind where Vault echoes the value, which may be a secret).
/// </summary>
internal static class LogicalFields
{
    /// <summary>The field's value, or false when it is absent or JSON null.</summary>
    public static bool TryGet(JsonObject? data, string name, out JsonNode value)
    {
        value = null!;
        if (data is null || !data.TryGetPropertyValue(name, out JsonNode? node) || node is null)
        {
            return false;
        }

        value = node;
        return true;
    }

    public static bool TryGetInt(JsonObject? data, string name, out long value, ref string? error)
    {
        value = 0;
        if (!TryGet(data, name, out JsonNode node))
        {
            return false;
        }

        if (!TryInt(node, out value))
        {
            error ??= ConversionError(node, name, "int");
            return false;
        }

        return true;
    }

    public static bool TryGetBool(JsonObject? data, string name, out bool value, ref string? error)
    {
        value = false;
        if (!TryGet(data, name, out JsonNode node))
        {
            return false;
        }

        switch (node.GetValueKind())
        {
            case JsonValueKind.True or JsonValueKind.False:
                value = node.GetValueKind() == JsonValueKind.True;
                return true;
            case JsonValueKind.String when GoBool.TryParse(node.GetValue<string>(), out value):
                return true;
            case JsonValueKind.Number when TryInt(node, out long number):
                value = number != 0;
                return true;
            default:
                error ??= ConversionError(node, name, "bool");
                return false;
        }
    }

    public static bool TryGetString(JsonObject? data, string name, out string value, ref string? error)
    {
        value = string.Empty;
        if (!TryGet(data, name, out JsonNode node))
        {
            return false;
        }

        if (WeakString(node) is not { } text)
        {
            error ??= ConversionError(node, name, "string");
            return false;
        }

        value = text;
        return true;
    }

    /// <summary>A TypeDurationSecond / TypeSignedDurationSecond field, in seconds.</summary>
    public static bool TryGetDuration(JsonObject? data, string name, bool allowNegative, out long seconds, ref string? error)
    {
        seconds = 0;
        if (!TryGet(data, name, out JsonNode node))
        {
            return false;
        }

        bool ok = node.GetValueKind() switch
        {
            JsonValueKind.Number => TryInt(node, out seconds),
            JsonValueKind.String => GoDuration.TryParseSeconds(node.GetValue<string>(), out seconds),
            _ => false,
        };
        if (!ok)
        {
            error ??= ConversionError(node, name, "duration");
            return false;
        }

        if (seconds < 0 && !allowNegative)
        {
            error ??= $"cannot provide negative value '{seconds}'";
            return false;
        }

        return true;
    }

    /// <summary>A TypeMap field (a JSON object).</summary>
    public static bool TryGetMap(JsonObject? data, string name, out JsonObject map, ref string? error)
    {
        map = null!;
        if (!TryGet(data, name, out JsonNode node))
        {
            return false;
        }

        if (node is not JsonObject obj)
        {
            error ??= ConversionError(node, name, "map");
            return false;
        }

        map = obj;
        return true;
    }

    /// <summary>A TypeKVPairs field: an object whose values are decoded weakly to strings (null gives "").</summary>
    public static bool TryGetStringMap(JsonObject? data, string name, out Dictionary<string, string> map, ref string? error)
    {
        map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!TryGetMap(data, name, out JsonObject obj, ref error))
        {
            return false;
        }

        foreach (KeyValuePair<string, JsonNode?> pair in obj)
        {
            string? text = pair.Value is null ? string.Empty : WeakString(pair.Value);
            if (text is null)
            {
                error ??= ConversionError(obj, name, "map[string]string");
                return false;
            }

            map[pair.Key] = text;
        }

        return true;
    }

    /// <summary>A TypeCommaIntSlice field: [1,"2"], "1,2" or 1.</summary>
    public static bool TryGetIntList(JsonObject? data, string name, out List<long> values, ref string? error)
    {
        values = [];
        if (!TryGet(data, name, out JsonNode node))
        {
            return false;
        }

        IEnumerable<JsonNode?> items = node is JsonArray array
            ? array
            : node.GetValueKind() == JsonValueKind.String
                ? node.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => (JsonNode?)JsonValue.Create(s))
                : [node];
        foreach (JsonNode? item in items)
        {
            if (item is null || !TryInt(item, out long value))
            {
                error ??= ConversionError(node, name, "[]int");
                values.Clear();
                return false;
            }

            values.Add(value);
        }

        return true;
    }

    /// <summary>A TypeCommaStringSlice field: ["a","b"] or "a,b".</summary>
    public static bool TryGetStringList(JsonObject? data, string name, out List<string> values, ref string? error)
    {
        values = [];
        if (!TryGet(data, name, out JsonNode node))
        {
            return false;
        }

        if (node is JsonArray array)
        {
            foreach (JsonNode? item in array)
            {
                if (item is null || WeakString(item) is not { } text)
                {
                    error ??= ConversionError(node, name, "[]string");
                    values.Clear();
                    return false;
                }

                values.Add(text);
            }

            return true;
        }

        if (WeakString(node) is not { } joined)
        {
            error ??= ConversionError(node, name, "[]string");
            return false;
        }

        values.AddRange(joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return true;
    }

    /// <summary>mapstructure's weak decode to string: strings, numbers as written, bools as "1"/"0".</summary>
    public static string? WeakString(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.Number => NumberText(node),
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        _ => null,
    };

    private static bool TryInt(JsonNode node, out long value)
    {
        value = 0;
        switch (node.GetValueKind())
        {
            case JsonValueKind.Number:
                string text = NumberText(node);
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
                {
                    return true;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double real) && real is >= long.MinValue and <= long.MaxValue)
                {
                    value = (long)Math.Truncate(real);
                    return true;
                }

                return false;
            case JsonValueKind.String:
                return long.TryParse(node.GetValue<string>().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            case JsonValueKind.True or JsonValueKind.False:
                value = node.GetValueKind() == JsonValueKind.True ? 1 : 0;
                return true;
            default:
                return false;
        }
    }

    private static string NumberText(JsonNode node) =>
        node.AsValue().TryGetValue(out JsonElement element) ? element.GetRawText() : new GoJsonWriter().Node(null, node).ToCompactString();

    /// <summary>Vault's wording, without echoing the value (it may be a secret).</summary>
    private static string ConversionError(JsonNode node, string name, string type) =>
        $"error converting input {node.GetValueKind().ToString().ToLowerInvariant()} for field \"{name}\": expected {type}";
}
