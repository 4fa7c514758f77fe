using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Numerics;
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
        int or long or short or byte or uint or ushort or sbyte => JsonValue.Create(Convert.ToInt64(Unwrap(value), CultureInfo.InvariantCulture)),
        BigInteger or ulong => JsonNode.Parse(Convert.ToString(Unwrap(value), CultureInfo.InvariantCulture)!),
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
        JsonValueKind.Number => ToNumber(element),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    // Integers stay integers: Int64, and BigInteger past its range (a `cond ? long : double` would make every
    // number a Double). Only a number with a fraction or an exponent is a Double.
    private static object ToNumber(JsonElement element)
    {
        if (element.TryGetInt64(out var integer))
        {
            return integer;
        }

        var text = element.GetRawText();
        if (text.AsSpan().IndexOfAny('.', 'e', 'E') < 0 && BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
        {
            return big;
        }

        return element.GetDouble();
    }

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
