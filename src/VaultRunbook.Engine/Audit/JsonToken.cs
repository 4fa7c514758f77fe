namespace VaultRunbook.Engine.Audit;

/// <summary>The kinds of token <see cref="AuditJsonReader"/> stops at.</summary>
internal enum JsonToken : byte
{
    None,
    StartObject,
    EndObject,
    StartArray,
    EndArray,
    PropertyName,
    String,
    Number,
    True,
    False,
    Null,
}
