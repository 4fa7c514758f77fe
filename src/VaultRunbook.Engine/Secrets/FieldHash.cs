using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// SHA-256 of a field value's canonical JSON (object keys sorted, as Vault's Go encoder writes them), so a
/// value written can be matched with a value read back without comparing or keeping the values themselves.
/// The hashes stay in memory: they are never logged or shown.
/// </summary>
public static class FieldHash
{
    public static string Of(JsonNode? value)
    {
        var builder = new StringBuilder();
        Write(builder, value);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>Separates the names of a nested field's path in an expectation's key (a merge patch's nested fields).</summary>
    public const char PathSeparator = '\0';

    /// <summary>
    /// True when <paramref name="data"/> holds every expected field with the expected hash, and lacks every field
    /// expected absent (a null hash). A key may be a path of nested object fields joined by <see cref="PathSeparator"/>.
    /// </summary>
    public static bool Matches(JsonObject data, IReadOnlyDictionary<string, string?> expected) =>
        expected.All(field => Find(data, field.Key) is var (found, value) && (field.Value is null
            ? !found
            : found && string.Equals(Of(value), field.Value, StringComparison.Ordinal)));

    private static (bool Found, JsonNode? Value) Find(JsonObject data, string path)
    {
        JsonNode? current = data;
        foreach (var name in path.Split(PathSeparator))
        {
            if (current is not JsonObject obj || !obj.TryGetPropertyValue(name, out current))
            {
                return (false, null);
            }
        }

        return (true, current);
    }

    private static void Write(StringBuilder builder, JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                builder.Append('{');
                var first = true;
                foreach (var (name, item) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? string.Empty : ",").Append(JsonValue.Create(name)!.ToJsonString()).Append(':');
                    Write(builder, item);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonArray array:
                builder.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ",");
                    Write(builder, array[i]);
                }

                builder.Append(']');
                break;
            case null:
                builder.Append("null");
                break;
            default:
                builder.Append(value.ToJsonString());
                break;
        }
    }
}
