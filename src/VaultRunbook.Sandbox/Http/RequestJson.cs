using System.Globalization;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Reads a JSON request body into named fields the way Go's encoding/json fills a Vault request
/// struct: names match case-insensitively (an exact match wins), unknown fields are ignored,
/// null leaves the zero value, and a value of the wrong type is an error naming the struct field.
/// </summary>
internal sealed class RequestJson
{
    private readonly JsonElement _root;
    private readonly string _structName;

    private RequestJson(JsonElement root, string structName)
    {
        _root = root;
        _structName = structName;
    }

    /// <summary>
    /// Parses <paramref name="body"/>. An empty body gives the error "EOF" (what Vault's handlers
    /// return for it); invalid JSON gives "failed to parse JSON input: ...".
    /// </summary>
    public static RequestJson? TryParse(byte[] body, string structName, out string? error)
    {
        error = null;
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "EOF";
            return null;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(body, new JsonDocumentOptions { AllowTrailingCommas = false });
            JsonElement root = document.RootElement.Clone();
            if (root.ValueKind == JsonValueKind.Null)
            {
                using JsonDocument empty = JsonDocument.Parse("{}");
                return new RequestJson(empty.RootElement.Clone(), structName);
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"failed to parse JSON input: json: cannot unmarshal {GoKind(root)} into Go value of type http.{structName}";
                return null;
            }

            return new RequestJson(root, structName);
        }
        catch (JsonException)
        {
            error = "failed to parse JSON input: invalid character looking for beginning of value";
            return null;
        }
    }

    public string? GetString(string field, string goField, ref string? error) =>
        Find(field) is { } value
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => TypeError<string>(value, goField, "string", ref error),
            }
            : null;

    public bool GetBool(string field, string goField, ref string? error) =>
        Find(field) is { } value && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => TypeError<bool>(value, goField, "bool", ref error),
        };

    public int GetInt(string field, string goField, ref string? error)
    {
        if (Find(field) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) && number is >= int.MinValue and <= int.MaxValue)
        {
            return (int)number;
        }

        if (value.ValueKind == JsonValueKind.Number)
        {
            error ??= $"failed to parse JSON input: json: cannot unmarshal number {value.GetRawText()} into Go struct field {_structName}.{goField} of type int";
            return 0;
        }

        return TypeError<int>(value, goField, "int", ref error);
    }

    /// <summary>Count of a string array field (0 when absent or null); wrong types are errors.</summary>
    public int GetStringArrayLength(string field, string goField, ref string? error)
    {
        if (Find(field) is not { } value || value.ValueKind == JsonValueKind.Null)
        {
            return 0;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return TypeError<int>(value, goField, "[]string", ref error);
        }

        foreach (JsonElement item in value.EnumerateArray())
        {
            if (item.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                return TypeError<int>(item, goField, "string", ref error);
            }
        }

        return value.GetArrayLength();
    }

    private static string GoKind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private T? TypeError<T>(JsonElement value, string goField, string goType, ref string? error)
    {
        string kind = GoKind(value);
        if (kind == "number")
        {
            kind = "number " + value.GetRawText().ToString(CultureInfo.InvariantCulture);
        }

        error ??= $"failed to parse JSON input: json: cannot unmarshal {kind} into Go struct field {_structName}.{goField} of type {goType}";
        return default;
    }

    private JsonElement? Find(string field)
    {
        JsonElement? exact = null;
        JsonElement? folded = null;
        foreach (JsonProperty property in _root.EnumerateObject())
        {
            if (string.Equals(property.Name, field, StringComparison.Ordinal))
            {
                exact = property.Value;
            }
            else if (string.Equals(property.Name, field, StringComparison.OrdinalIgnoreCase))
            {
                folded = property.Value;
            }
        }

        return exact ?? folded;
    }
}
