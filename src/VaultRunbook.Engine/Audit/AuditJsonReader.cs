using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// A forward-only reader of one UTF-8 JSON text (RFC 8259: no comments, no trailing commas, at most
/// <see cref="MaxDepth"/> levels of nesting) that validates the grammar as it goes, as Utf8JsonReader does, and
/// never throws: a defect sets <see cref="Failed"/> and ends the reading. It exists for the audit search's
/// hot path. Every method is compiled fully optimised on first use, so a search that runs for a fraction of a
/// second in a fresh process is not spent in unoptimised generic library code (Utf8JsonReader's string search
/// runs through SearchValues instantiations that start in tier 0). Strings are not unescaped here; the caller
/// decodes the few escaped values it needs (<see cref="JsonText.Decode(ReadOnlySpan{byte})"/>). The bytes are
/// assumed to be valid UTF-8 (the caller checks that first).
/// </summary>
internal ref struct AuditJsonReader
{
    public const int MaxDepth = 256;

    private readonly ReadOnlySpan<byte> _json;
    private readonly bool _fragment;
    private int _position;
    private int _depth;
    private Expect _expect;
    private ContainerKinds _objects;

    /// <summary>A reader of the whole text: after the top-level value only whitespace may follow.</summary>
    public AuditJsonReader(ReadOnlySpan<byte> json)
        : this(json, 0, fragment: false)
    {
    }

    /// <summary>
    /// A reader that starts at <paramref name="start"/>; a <paramref name="fragment"/> reader stops after one value
    /// and does not look at what follows it. Positions stay those of <paramref name="json"/>.
    /// </summary>
    public AuditJsonReader(ReadOnlySpan<byte> json, int start, bool fragment)
    {
        _json = json;
        _position = start;
        _fragment = fragment;
        _expect = Expect.Value;
    }

    public JsonToken TokenType { get; private set; }

    /// <summary>Where the current token starts (its opening quote, for a string or a property name).</summary>
    public int TokenStart { get; private set; }

    /// <summary>The depth of the current token: 0 for the top-level value, 1 for the members of that object.</summary>
    public readonly int CurrentDepth => TokenType is JsonToken.StartObject or JsonToken.StartArray ? _depth - 1 : _depth;

    /// <summary>Set when the text breaks the grammar (or ends early); nothing more is read.</summary>
    public bool Failed { get; private set; }

    /// <summary>For a string or property name: where its text starts (after the quote), its length in bytes, and whether it holds an escape.</summary>
    public int ValueStart { get; private set; }

    public int ValueLength { get; private set; }

    public bool ValueIsEscaped { get; private set; }

    /// <summary>The current string's place in the text, or nothing when the token is not a string.</summary>
    public readonly JsonText Text
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => TokenType == JsonToken.String ? new JsonText(ValueStart, ValueLength, ValueIsEscaped) : default;
    }

    private enum Expect : byte
    {
        Value,
        ValueOrEndArray,
        Property,
        PropertyOrEndObject,
        CommaOrEnd,
        End,
    }

    /// <summary>Moves to the next token. False at the end of the text, or on a defect (then <see cref="Failed"/> is set).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Read()
    {
        if (Failed)
        {
            return false;
        }

        SkipWhitespace();
        var json = _json;
        if (_expect == Expect.End)
        {
            TokenType = JsonToken.None;
            return !_fragment && _position < json.Length ? Fail() : false;
        }

        if (_position >= json.Length)
        {
            return Fail();
        }

        var b = json[_position];
        switch (_expect)
        {
            case Expect.CommaOrEnd:
                if (b == (byte)',')
                {
                    _position++;
                    SkipWhitespace();
                    if (_position >= json.Length)
                    {
                        return Fail();
                    }

                    b = json[_position];
                    return InObject ? ReadPropertyName(b) : ReadValue(b);
                }

                return Close(b);
            case Expect.PropertyOrEndObject:
                return b == (byte)'}' ? Close(b) : ReadPropertyName(b);
            case Expect.Property:
                return ReadPropertyName(b);
            case Expect.ValueOrEndArray:
                return b == (byte)']' ? Close(b) : ReadValue(b);
            default:
                return ReadValue(b);
        }
    }

    /// <summary>
    /// Skips the current value: on a property name, its value; on the start of an object or array, up to its end.
    /// False on a defect.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Skip()
    {
        if (TokenType == JsonToken.PropertyName && !Read())
        {
            return false;
        }

        if (TokenType is JsonToken.StartObject or JsonToken.StartArray)
        {
            var depth = _depth - 1;
            while (_depth > depth)
            {
                if (!Read())
                {
                    return false;
                }
            }
        }

        return !Failed;
    }

    /// <summary>Whether the current property name (or string) is <paramref name="text"/> once unescaped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool NameIs(ReadOnlySpan<byte> text)
    {
        if (ValueIsEscaped)
        {
            return EscapedNameIs(text);
        }

        // Most names differ in length, and are told apart without a comparison.
        return ValueLength == text.Length && _json.Slice(ValueStart, ValueLength).SequenceEqual(text);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly bool EscapedNameIs(ReadOnlySpan<byte> text)
    {
        var decoded = new JsonText(ValueStart, ValueLength, Escaped: true).Decode(_json);
        return decoded is not null && System.Text.Encoding.UTF8.GetBytes(decoded).AsSpan().SequenceEqual(text);
    }

    private readonly bool InObject
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _depth > 0 && _objects.Get(_depth - 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadValue(byte b)
    {
        TokenStart = _position;
        switch (b)
        {
            case (byte)'{':
                return Open(isObject: true);
            case (byte)'[':
                return Open(isObject: false);
            case (byte)'"':
                if (!ScanString())
                {
                    return Fail();
                }

                TokenType = JsonToken.String;
                break;
            case (byte)'t':
                if (!ScanLiteral("true"u8))
                {
                    return Fail();
                }

                TokenType = JsonToken.True;
                break;
            case (byte)'f':
                if (!ScanLiteral("false"u8))
                {
                    return Fail();
                }

                TokenType = JsonToken.False;
                break;
            case (byte)'n':
                if (!ScanLiteral("null"u8))
                {
                    return Fail();
                }

                TokenType = JsonToken.Null;
                break;
            default:
                if (!ScanNumber())
                {
                    return Fail();
                }

                TokenType = JsonToken.Number;
                break;
        }

        _expect = _depth == 0 ? Expect.End : Expect.CommaOrEnd;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadPropertyName(byte b)
    {
        TokenStart = _position;
        if (b != (byte)'"' || !ScanString())
        {
            return Fail();
        }

        SkipWhitespace();
        if (_position >= _json.Length || _json[_position] != (byte)':')
        {
            return Fail();
        }

        _position++;
        TokenType = JsonToken.PropertyName;
        _expect = Expect.Value;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Open(bool isObject)
    {
        if (_depth >= MaxDepth)
        {
            return Fail();
        }

        _objects.Set(_depth, isObject);
        _depth++;
        _position++;
        TokenType = isObject ? JsonToken.StartObject : JsonToken.StartArray;
        _expect = isObject ? Expect.PropertyOrEndObject : Expect.ValueOrEndArray;
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Close(byte b)
    {
        var inObject = InObject;
        if (_depth == 0 || b != (inObject ? (byte)'}' : (byte)']'))
        {
            return Fail();
        }

        TokenStart = _position;
        _position++;
        _depth--;
        TokenType = inObject ? JsonToken.EndObject : JsonToken.EndArray;
        _expect = _depth == 0 ? Expect.End : Expect.CommaOrEnd;
        return true;
    }

    // At an opening quote: finds the closing one, checking escapes and that no control character is left raw.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ScanString()
    {
        var json = _json;
        var start = _position + 1;
        var i = start;
        var escaped = false;
        while (true)
        {
            i = NextSpecial(json, i);
            if (i >= json.Length)
            {
                return false;
            }

            var b = json[i];
            if (b == (byte)'"')
            {
                ValueStart = start;
                ValueLength = i - start;
                ValueIsEscaped = escaped;
                _position = i + 1;
                return true;
            }

            if (b != (byte)'\\' || i + 1 >= json.Length)
            {
                return false;
            }

            escaped = true;
            switch (json[i + 1])
            {
                case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                    i += 2;
                    break;
                case (byte)'u':
                    if (i + 6 > json.Length || !IsHex(json[i + 2]) || !IsHex(json[i + 3]) || !IsHex(json[i + 4]) || !IsHex(json[i + 5]))
                    {
                        return false;
                    }

                    i += 6;
                    break;
                default:
                    return false;
            }
        }
    }

    // The index of the first quote, backslash or control character at or after `from`; the length when none.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int NextSpecial(ReadOnlySpan<byte> json, int from)
    {
        ref var origin = ref MemoryMarshal.GetReference(json);
        var i = from;
        if (Vector256.IsHardwareAccelerated)
        {
            var quote = Vector256.Create((byte)'"');
            var backslash = Vector256.Create((byte)'\\');
            var space = Vector256.Create((byte)0x20);
            for (; i + Vector256<byte>.Count <= json.Length; i += Vector256<byte>.Count)
            {
                var chunk = Vector256.LoadUnsafe(ref origin, (nuint)i);
                var marks = (Vector256.Equals(chunk, quote) | Vector256.Equals(chunk, backslash) | Vector256.LessThan(chunk, space)).ExtractMostSignificantBits();
                if (marks != 0)
                {
                    return i + BitOperations.TrailingZeroCount(marks);
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var space = Vector128.Create((byte)0x20);
            for (; i + Vector128<byte>.Count <= json.Length; i += Vector128<byte>.Count)
            {
                var chunk = Vector128.LoadUnsafe(ref origin, (nuint)i);
                var marks = (Vector128.Equals(chunk, quote) | Vector128.Equals(chunk, backslash) | Vector128.LessThan(chunk, space)).ExtractMostSignificantBits();
                if (marks != 0)
                {
                    return i + BitOperations.TrailingZeroCount(marks);
                }
            }
        }

        for (; i < json.Length; i++)
        {
            var b = json[i];
            if (b == (byte)'"' || b == (byte)'\\' || b < 0x20)
            {
                return i;
            }
        }

        return json.Length;
    }

    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? followed by a delimiter or the end.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ScanNumber()
    {
        var json = _json;
        var i = _position;
        if (json[i] == (byte)'-')
        {
            i++;
        }

        if (i >= json.Length || !IsDigit(json[i]))
        {
            return false;
        }

        if (json[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            while (i < json.Length && IsDigit(json[i]))
            {
                i++;
            }
        }

        if (i < json.Length && json[i] == (byte)'.')
        {
            i++;
            if (i >= json.Length || !IsDigit(json[i]))
            {
                return false;
            }

            while (i < json.Length && IsDigit(json[i]))
            {
                i++;
            }
        }

        if (i < json.Length && (json[i] == (byte)'e' || json[i] == (byte)'E'))
        {
            i++;
            if (i < json.Length && (json[i] == (byte)'+' || json[i] == (byte)'-'))
            {
                i++;
            }

            if (i >= json.Length || !IsDigit(json[i]))
            {
                return false;
            }

            while (i < json.Length && IsDigit(json[i]))
            {
                i++;
            }
        }

        _position = i;
        return EndsToken(json, i);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ScanLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_json[_position..].StartsWith(literal))
        {
            return false;
        }

        _position += literal.Length;
        return EndsToken(_json, _position);
    }

    // A number or literal must be followed by whitespace, a separator, a closing bracket or the end.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool EndsToken(ReadOnlySpan<byte> json, int i) =>
        i >= json.Length || json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',' or (byte)'}' or (byte)']';

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipWhitespace()
    {
        var json = _json;
        var i = _position;
        while (i < json.Length && json[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        _position = i;
    }

    private bool Fail()
    {
        Failed = true;
        TokenType = JsonToken.None;
        return false;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 'f' - 'a';

    /// <summary>One bit per open container (set for an object), for the 256 levels allowed.</summary>
    private struct ContainerKinds
    {
        private ulong _bits0;
        private ulong _bits1;
        private ulong _bits2;
        private ulong _bits3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool Get(int depth) => (Word(depth >> 6) & (1UL << (depth & 63))) != 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Set(int depth, bool isObject)
        {
            var mask = 1UL << (depth & 63);
            var word = Word(depth >> 6);
            word = isObject ? word | mask : word & ~mask;
            switch (depth >> 6)
            {
                case 0:
                    _bits0 = word;
                    break;
                case 1:
                    _bits1 = word;
                    break;
                case 2:
                    _bits2 = word;
                    break;
                default:
                    _bits3 = word;
                    break;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private readonly ulong Word(int index) => index switch
        {
            0 => _bits0,
            1 => _bits1,
            2 => _bits2,
            _ => _bits3,
        };
    }
}
