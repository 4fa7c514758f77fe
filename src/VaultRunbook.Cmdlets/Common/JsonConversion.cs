using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>PowerShell values to JSON request bodies, and JSON answers to PSCustomObjects.</summary>
internal static class JsonConversion
{
    public static JsonNode? ToJson(object? value) => Unwrap(value) switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        char c => JsonValue.Create(c.ToString()),
        int or long or short or byte or uint or ulong or ushort or sbyte => JsonValue.Create(Convert.ToInt64(Unwrap(value), CultureInfo.InvariantCulture)),
        float or double or decimal => JsonValue.Create(Convert.ToDouble(Unwrap(value), CultureInfo.InvariantCulture)),
        SecureString secure => JsonValue.Create(SecureStrings.ToSensitive(secure).Reveal()),
        DateTime dt => JsonValue.Create(dt.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture)),
        DateTimeOffset dto => JsonValue.Create(dto.ToUniversalTime().ToString("o", CultureInfo.InvariantCulture)),
        IDictionary dictionary => ToObject(dictionary),
        PSObject { BaseObject: PSCustomObject } custom => ToObject(custom),
        IEnumerable sequence => new JsonArray(sequence.Cast<object?>().Select(ToJson).ToArray()),
        var other => JsonValue.Create(Convert.ToString(other, CultureInfo.InvariantCulture)),
    };

    public static object? ToPowerShell(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToPSObject(element),
        JsonValueKind.Array => element.EnumerateArray().Select(ToPowerShell).ToArray(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetInt64(out var n) ? n : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static object? Unwrap(object? value) =>
        value is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : value;

    private static JsonObject ToObject(IDictionary dictionary)
    {
        var result = new JsonObject();
        foreach (DictionaryEntry entry in dictionary)
        {
            result[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = ToJson(entry.Value);
        }

        return result;
    }

    private static JsonObject ToObject(PSObject custom)
    {
        var result = new JsonObject();
        foreach (var property in custom.Properties)
        {
            result[property.Name] = ToJson(property.Value);
        }

        return result;
    }

    private static PSObject ToPSObject(JsonElement element)
    {
        var result = new PSObject();
        foreach (var property in element.EnumerateObject())
        {
            result.Properties.Add(new PSNoteProperty(property.Name, ToPowerShell(property.Value)));
        }

        return result;
    }
}
