using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Kv;

/// <summary>
/// custom_metadata of a KV v2 key: parsed as Vault does (values decoded weakly to strings) and
/// validated with Vault's limits and wording: at most 64 keys; keys 1..128 bytes, values 1..512
/// bytes, both printable. Several problems are reported together in go-multierror's format.
/// </summary>
internal static class KvCustomMetadata
{
    public const int MaxKeys = 64;
    public const int MaxKeyLength = 128;
    public const int MaxValueLength = 512;
    private const string Prefix = "custom_metadata validation failed";

    /// <summary>Null error when valid. With <paramref name="skipNulls"/> (PATCH), null values are left out.</summary>
    public static Dictionary<string, string>? Parse(JsonObject raw, bool skipNulls, out string? error)
    {
        error = null;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, JsonNode?> pair in raw)
        {
            if (pair.Value is null)
            {
                if (!skipNulls)
                {
                    map[pair.Key] = string.Empty;
                }

                continue;
            }

            if (LogicalFields.WeakString(pair.Value) is not { } text)
            {
                error = $"{Prefix}: '' expected type 'string', got unconvertible type '{GoType(pair.Value)}'";
                return null;
            }

            map[pair.Key] = text;
        }

        error = Validate(map);
        return error is null ? map : null;
    }

    public static string? Validate(IReadOnlyDictionary<string, string> map)
    {
        var errors = new List<string>();
        if (map.Count > MaxKeys)
        {
            errors.Add($"{Prefix}: payload must contain at most {MaxKeys} keys, provided {map.Count}");
            return MultiError(errors);
        }

        foreach (string key in map.Keys.Order(Http.GoStringComparer.Instance))
        {
            string value = map[key];
            int keyLength = Encoding.UTF8.GetByteCount(key);
            int valueLength = Encoding.UTF8.GetByteCount(value);
            if (keyLength == 0 || keyLength > MaxKeyLength)
            {
                errors.Add($"{Prefix}: length of key {Quote(key)} is {keyLength} but must be 0 < len(key) <= {MaxKeyLength}");
            }

            if (valueLength == 0 || valueLength > MaxValueLength)
            {
                errors.Add($"{Prefix}: length of value for key {Quote(key)} is {valueLength} but must be 0 < len(value) <= {MaxValueLength}");
            }

            if (!Printable(key))
            {
                errors.Add($"{Prefix}: key {Quote(key)} ({key}) contains unprintable characters");
            }

            if (!Printable(value))
            {
                errors.Add($"{Prefix}: value for key {Quote(key)} contains unprintable characters");
            }
        }

        return errors.Count == 0 ? null : MultiError(errors);
    }

    /// <summary>The stored form: null for an empty map (Vault's protobuf storage does not keep an empty map).</summary>
    public static ImmutableDictionary<string, string>? ToStored(IReadOnlyDictionary<string, string> map) =>
        map.Count == 0 ? null : map.ToImmutableDictionary(StringComparer.Ordinal);

    public static JsonNode? ToNode(ImmutableDictionary<string, string>? map)
    {
        if (map is null)
        {
            return null;
        }

        var obj = new JsonObject();
        foreach (KeyValuePair<string, string> pair in map)
        {
            obj[pair.Key] = pair.Value;
        }

        return obj;
    }

    /// <summary>go-multierror's Error(): "1 error occurred:\n\t* a\n\n" or "N errors occurred:\n\t* a\n\t* b\n\n".</summary>
    public static string MultiError(IReadOnlyList<string> errors)
    {
        var text = new StringBuilder();
        text.Append(errors.Count == 1 ? "1 error occurred:" : string.Create(CultureInfo.InvariantCulture, $"{errors.Count} errors occurred:"));
        text.Append('\n');
        foreach (string error in errors)
        {
            text.Append("\t* ").Append(error).Append('\n');
        }

        return text.Append('\n').ToString();
    }

    /// <summary>Go's unicode.IsPrint for every rune: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    private static bool Printable(string text)
    {
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (rune.Value == ' ')
            {
                continue;
            }

            switch (Rune.GetUnicodeCategory(rune))
            {
                case UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                    or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator:
                    return false;
            }
        }

        return true;
    }

    /// <summary>Go's %q, enough for keys: quotes, backslashes and control characters escaped.</summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\t': quoted.Append("\\t"); break;
                case '\r': quoted.Append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        quoted.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        quoted.Append(c);
                    }

                    break;
            }
        }

        return quoted.Append('"').ToString();
    }

    private static string GoType(JsonNode node) => node switch
    {
        JsonObject => "map[string]interface {}",
        JsonArray => "[]interface {}",
        _ => "interface {}",
    };
}
