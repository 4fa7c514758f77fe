namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// What to change in one secret: fields given new values by the caller, and fields to generate. Every other field
/// is kept as it is.
/// </summary>
public sealed record RotationPlan
{
    public IReadOnlyDictionary<string, SensitiveValue> Values { get; init; } = new Dictionary<string, SensitiveValue>();

    public IReadOnlyList<string> Generate { get; init; } = Array.Empty<string>();

    public int Length { get; init; } = 32;

    public CharacterSet CharacterSet { get; init; } = CharacterSet.AlphaNumeric;

    /// <summary>The names of the fields that change, in a stable order.</summary>
    public IReadOnlyList<string> FieldNames => Values.Keys.Concat(Generate).Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal).ToArray();
}
