using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace VaultRunbook.Engine.Audit;

/// <summary>Where a JSON string value sits in a line (without its quotes), so it is decoded only when needed.</summary>
internal readonly record struct JsonText(int Start, int Length, bool Escaped)
{
    public bool Present => Start > 0;

    /// <summary>Decodes a value that repeats from line to line through the search's cache.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? Decode(ReadOnlySpan<byte> json, Utf8StringCache cache) =>
        Present && !Escaped ? cache.Get(json.Slice(Start, Length)) : Decode(json);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? Decode(ReadOnlySpan<byte> json)
    {
        if (!Present)
        {
            return null;
        }

        if (!Escaped)
        {
            return Encoding.UTF8.GetString(json.Slice(Start, Length));
        }

        var reader = new Utf8JsonReader(json.Slice(Start - 1, Length + 2));
        reader.Read();
        return reader.GetString();
    }
}
