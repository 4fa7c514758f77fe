using System.Text.Json.Nodes;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// A secret field's value as it will be written (a JSON string, number, boolean, object or array). ToString
/// never shows it; <see cref="ToJson"/> gives a copy for the request body only, and <see cref="Hash"/> lets a
/// write be recognised later without keeping or logging the value elsewhere.
/// </summary>
public sealed class SensitiveValue
{
    private const string Mask = "********";
    private readonly JsonNode? _value;

    public SensitiveValue(JsonNode? value)
    {
        _value = value?.DeepClone();
        Hash = FieldHash.Of(_value);
    }

    /// <summary>JSON null: in a patch, removes the field.</summary>
    public bool IsNull => _value is null;

    /// <summary>SHA-256 (hex) of the value's canonical JSON.</summary>
    public string Hash { get; }

    public JsonNode? ToJson() => _value?.DeepClone();

    public override string ToString() => Mask;
}
