using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Security;
using System.Text.Json.Nodes;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Secrets;

namespace VaultRunbook.Cmdlets.Secrets;

/// <summary>
/// -Data (Set-VaultSecret, Invoke-SecretRotation) to the JSON values Vault stores: strings, SecureStrings (their
/// text), numbers and booleans as JSON numbers and booleans, a PSCredential as its password, hashtables and
/// PSCustomObjects as JSON objects and arrays as JSON arrays, at any depth. Anything else is refused before
/// anything is written, naming the field and the type, never the value.
/// </summary>
internal static class SecretDataConverter
{
    public const string UnsupportedValueId = "VaultRunbook.Secret.UnsupportedValue";

    /// <param name="data">-Data as bound.</param>
    /// <param name="allowNull">-Patch: a $null value removes the field.</param>
    public static Dictionary<string, SensitiveValue> Convert(IDictionary data, bool allowNull)
    {
        var values = new Dictionary<string, SensitiveValue>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in data)
        {
            var name = Unwrap(entry.Key)?.ToString();
            if (string.IsNullOrWhiteSpace(name))
            {
                throw new ConfigurationException(UnsupportedValueId, "Every -Data entry needs a field name.");
            }

            if (Unwrap(entry.Value) is null && !allowNull)
            {
                throw new ConfigurationException(UnsupportedValueId, $"The -Data field '{name}' has no value ($null). Give a value, or use Set-VaultSecret -Patch to remove a field.");
            }

            values[name] = new SensitiveValue(ToJson(entry.Value, name));
        }

        return values;
    }

    private static JsonNode? ToJson(object? value, string field) => Unwrap(value) switch
    {
        null => null,
        string text => JsonValue.Create(text),
        char c => JsonValue.Create(c.ToString()),
        SecureString secure => JsonValue.Create(SecureStrings.ToSensitive(secure).Reveal()),
        PSCredential credential => JsonValue.Create(SecureStrings.ToSensitive(credential.Password).Reveal()),
        bool flag => JsonValue.Create(flag),
        sbyte or byte or short or ushort or int or long => JsonValue.Create(System.Convert.ToInt64(Unwrap(value), CultureInfo.InvariantCulture)),
        uint or ulong => JsonValue.Create(System.Convert.ToUInt64(Unwrap(value), CultureInfo.InvariantCulture)),
        decimal number => JsonValue.Create(number),
        float or double when double.IsFinite(System.Convert.ToDouble(Unwrap(value), CultureInfo.InvariantCulture)) =>
            JsonValue.Create(System.Convert.ToDouble(Unwrap(value), CultureInfo.InvariantCulture)),
        IDictionary map => ToObject(map.Cast<DictionaryEntry>().Select(e => (Unwrap(e.Key)?.ToString(), (object?)e.Value)), field),
        PSObject { BaseObject: PSCustomObject } custom => ToObject(custom.Properties.Select(p => ((string?)p.Name, (object?)p.Value)), field),
        IList list => new JsonArray(list.Cast<object?>().Select(item => ToJson(item, field)).ToArray()),
        var other => throw Unsupported(field, other),
    };

    private static JsonObject ToObject(IEnumerable<(string? Name, object? Value)> entries, string field)
    {
        var result = new JsonObject();
        foreach (var (name, value) in entries)
        {
            if (string.IsNullOrEmpty(name))
            {
                throw new ConfigurationException(UnsupportedValueId, $"The -Data field '{field}' holds a map with an empty key.");
            }

            result[name] = ToJson(value, field);
        }

        return result;
    }

    private static object? Unwrap(object? value) => value is PSObject { BaseObject: not PSCustomObject } wrapped ? wrapped.BaseObject : value;

    private static ConfigurationException Unsupported(string field, object value) => new(
        UnsupportedValueId,
        $"The -Data field '{field}' holds a {value.GetType().FullName}, which Vault cannot store as it is. Give a string, a SecureString, a number, a boolean, a PSCredential (its password is stored), or a hashtable or array of these. Nothing was written.");
}
