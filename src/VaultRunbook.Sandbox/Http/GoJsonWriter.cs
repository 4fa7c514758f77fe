using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Writes JSON the way Go's json.Encoder does for Vault: members in the order written (Go struct
/// order; callers sort map keys themselves), compact, HTML-safe escaping (&lt; &gt; &amp; as \u003c...),
/// and a trailing newline.
/// </summary>
internal sealed class GoJsonWriter
{
    private readonly StringBuilder _text = new();
    private readonly Stack<bool> _hasMembers = new();

    public GoJsonWriter BeginObject(string? name = null)
    {
        Prefix(name);
        _text.Append('{');
        _hasMembers.Push(false);
        return this;
    }

    public GoJsonWriter EndObject()
    {
        _hasMembers.Pop();
        _text.Append('}');
        return this;
    }

    public GoJsonWriter BeginArray(string? name = null)
    {
        Prefix(name);
        _text.Append('[');
        _hasMembers.Push(false);
        return this;
    }

    public GoJsonWriter EndArray()
    {
        _hasMembers.Pop();
        _text.Append(']');
        return this;
    }

    public GoJsonWriter String(string? name, string value)
    {
        Prefix(name);
        AppendQuoted(value);
        return this;
    }

    public GoJsonWriter Bool(string? name, bool value)
    {
        Prefix(name);
        _text.Append(value ? "true" : "false");
        return this;
    }

    public GoJsonWriter Number(string? name, long value)
    {
        Prefix(name);
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
        return this;
    }

    public GoJsonWriter Null(string? name)
    {
        Prefix(name);
        _text.Append("null");
        return this;
    }

    /// <summary>A string array; null writes JSON null (a nil Go slice).</summary>
    public GoJsonWriter StringArray(string? name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            return Null(name);
        }

        BeginArray(name);
        foreach (string value in values)
        {
            String(null, value);
        }

        return EndArray();
    }

    /// <summary>
    /// Any JSON tree as Go writes a map[string]interface{}: object keys sorted (UTF-8 byte order),
    /// numbers that came from a client's JSON kept as written (Go's json.Number), other numbers
    /// (long, int, double) in Go's formatting.
    /// </summary>
    public GoJsonWriter Node(string? name, JsonNode? node)
    {
        switch (node)
        {
            case null:
                return Null(name);
            case JsonObject obj:
                BeginObject(name);
                foreach (KeyValuePair<string, JsonNode?> member in obj.OrderBy(m => m.Key, GoStringComparer.Instance))
                {
                    Node(member.Key, member.Value);
                }

                return EndObject();
            case JsonArray array:
                BeginArray(name);
                foreach (JsonNode? item in array)
                {
                    Node(null, item);
                }

                return EndArray();
            default:
                return Value(name, node.AsValue());
        }
    }

    /// <summary>Already encoded JSON, written as it is.</summary>
    public GoJsonWriter Raw(string? name, string json)
    {
        Prefix(name);
        _text.Append(json);
        return this;
    }

    /// <summary>The document followed by "\n", as json.Encoder.Encode writes it.</summary>
    public override string ToString() => _text.ToString() + "\n";

    /// <summary>The document without the newline, as json.Marshal returns it.</summary>
    public string ToCompactString() => _text.ToString();

    private GoJsonWriter Value(string? name, JsonValue value)
    {
        if (value.TryGetValue(out JsonElement element))
        {
            return element.ValueKind switch
            {
                JsonValueKind.String => String(name, element.GetString()!),
                JsonValueKind.Number => Raw(name, element.GetRawText()),
                JsonValueKind.True => Bool(name, true),
                JsonValueKind.False => Bool(name, false),
                _ => Null(name),
            };
        }

        if (value.TryGetValue(out string? text))
        {
            return String(name, text);
        }

        if (value.TryGetValue(out bool flag))
        {
            return Bool(name, flag);
        }

        if (value.TryGetValue(out long number))
        {
            return Number(name, number);
        }

        if (value.TryGetValue(out int small))
        {
            return Number(name, small);
        }

        if (value.TryGetValue(out ulong large))
        {
            return Raw(name, large.ToString(CultureInfo.InvariantCulture));
        }

        if (value.TryGetValue(out double real))
        {
            return Raw(name, GoFloat.Format(real));
        }

        throw new ArgumentException("The JSON value has a type the writer does not know.", nameof(value));
    }

    private void Prefix(string? name)
    {
        if (_hasMembers.Count > 0)
        {
            if (_hasMembers.Peek())
            {
                _text.Append(',');
            }
            else
            {
                _hasMembers.Pop();
                _hasMembers.Push(true);
            }
        }

        if (name is not null)
        {
            AppendQuoted(name);
            _text.Append(':');
        }
    }

    private void AppendQuoted(string value)
    {
        _text.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case '\b': _text.Append("\\b"); break;
                case '\f': _text.Append("\\f"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    if (c < 0x20)
                    {
                        _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        _text.Append(c).Append(value[++i]);
                    }
                    else if (char.IsSurrogate(c))
                    {
                        _text.Append("\\ufffd");
                    }
                    else
                    {
                        _text.Append(c);
                    }

                    break;
            }
        }

        _text.Append('"');
    }
}
