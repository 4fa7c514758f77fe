using System.Globalization;
using System.Text;

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

    /// <summary>The document followed by "\n", as json.Encoder.Encode writes it.</summary>
    public override string ToString() => _text.ToString() + "\n";

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
