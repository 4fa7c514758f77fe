using System.Text;
using System.Text.Json.Nodes;

namespace VaultRunbook.FakeKube;

/// <summary>
/// Reads a Kubernetes protobuf request body (Content-Type application/vnd.kubernetes.protobuf), the form kubectl's typed
/// create commands send (`kubectl create configmap|secret generic|namespace`), into the JSON object the fake stores.
/// Written from the documented wire formats:
/// <list type="bullet">
/// <item>protobuf encoding (protobuf.dev/programming-guides/encoding): a field is a varint tag (number &lt;&lt; 3 | wire type),
/// then a varint (type 0), 8 bytes (1), a varint length and that many bytes (2: strings, bytes, messages, map entries)
/// or 4 bytes (5); a map&lt;K,V&gt; is a repeated entry message {1: key, 2: value}; unknown fields are skipped by wire type.</item>
/// <item>the Kubernetes envelope (k8s.io/apimachinery/pkg/runtime/serializer/protobuf, runtime/generated.proto): the 4 bytes
/// "k8s\0", then a runtime.Unknown {1: runtime.TypeMeta {1: apiVersion, 2: kind}, 2: raw (the object's own message),
/// 3: contentEncoding, 4: contentType}. (runtime.TypeMeta is not meta/v1's TypeMeta, which numbers kind 1, apiVersion 2.)</item>
/// <item>field numbers as read in kubernetes/kubernetes staging/src/k8s.io/api/core/v1/generated.proto: ConfigMap {1: metadata,
/// 2: data, 3: binaryData, 4: immutable}, Secret {1: metadata, 2: data, 3: type, 4: stringData, 5: immutable}, Namespace
/// {1: metadata; its spec and status are skipped}; and staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto: ObjectMeta
/// {1: name, 2: generateName, 3: namespace, 6: resourceVersion (for a PUT), 11: labels, 12: annotations}.</item>
/// </list>
/// Go's generated marshalers write every non-pointer string field, empty or not; an empty name, namespace or type is read
/// as absent, as the JSON form omits it. Kinds other than these keep the 415 the fake answers for a body it cannot read.
/// </summary>
public static class KubeProtobuf
{
    public const string MediaType = "application/vnd.kubernetes.protobuf";

    // What the API server answers (415) for a body it cannot decode, naming the media types the fake reads.
    private const string UnknownFormat = "the body of the request was in an unknown format - accepted media types include: application/json, application/yaml";

    private static readonly byte[] Magic = [(byte)'k', (byte)'8', (byte)'s', 0];

    /// <summary>Whether a request's Content-Type is the Kubernetes protobuf media type.</summary>
    public static bool IsProtobuf(string? contentType) =>
        (contentType ?? string.Empty).StartsWith(MediaType, StringComparison.OrdinalIgnoreCase);

    /// <summary>The JSON form of an enveloped ConfigMap, Secret or Namespace; 415 for another kind, 400 for a malformed body.</summary>
    public static JsonObject ToJson(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length < Magic.Length || !body.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new FakeKubeException(400, "BadRequest", "the protobuf body does not start with the Kubernetes magic number");
        }

        string? apiVersion = null;
        string? kind = null;
        Reader? raw = null;
        var unknown = new Reader(body, Magic.Length, body.Length);
        while (unknown.More)
        {
            var (field, wireType) = unknown.Tag();
            switch (field, wireType)
            {
                case (1, 2):
                    var typeMeta = unknown.Message();
                    while (typeMeta.More)
                    {
                        switch (typeMeta.Tag())
                        {
                            case (1, 2): apiVersion = typeMeta.String(); break;
                            case (2, 2): kind = typeMeta.String(); break;
                            case var (_, other): typeMeta.Skip(other); break;
                        }
                    }

                    break;
                case (2, 2):
                    raw = unknown.Message();
                    break;
                case (3, 2):
                    // An empty contentEncoding is the raw message itself; any other encoding is not read here.
                    if (unknown.String().Length > 0)
                    {
                        throw new FakeKubeException(415, "UnsupportedMediaType", UnknownFormat);
                    }

                    break;
                default:
                    unknown.Skip(wireType);
                    break;
            }
        }

        return (apiVersion, kind) switch
        {
            ("v1", "ConfigMap") => ConfigMap(raw),
            ("v1", "Secret") => Secret(raw),
            ("v1", "Namespace") => Namespace(raw),
            _ => throw new FakeKubeException(415, "UnsupportedMediaType", UnknownFormat),
        };
    }

    private static JsonObject Envelope(string kind) => new() { ["apiVersion"] = "v1", ["kind"] = kind, ["metadata"] = new JsonObject() };

    private static JsonObject ConfigMap(Reader? raw)
    {
        var obj = Envelope("ConfigMap");
        while (raw is { More: true })
        {
            switch (raw.Tag())
            {
                case (1, 2): obj["metadata"] = ObjectMeta(raw.Message()); break;
                case (2, 2): MapEntry(raw.Message(), obj.Obj("data"), asBase64: false); break;
                case (3, 2): MapEntry(raw.Message(), obj.Obj("binaryData"), asBase64: true); break;
                case (4, 0): obj["immutable"] = raw.Varint() != 0; break;
                case var (_, other): raw.Skip(other); break;
            }
        }

        return obj;
    }

    private static JsonObject Secret(Reader? raw)
    {
        var obj = Envelope("Secret");
        var stringData = new JsonObject();
        while (raw is { More: true })
        {
            switch (raw.Tag())
            {
                case (1, 2): obj["metadata"] = ObjectMeta(raw.Message()); break;
                case (2, 2): MapEntry(raw.Message(), obj.Obj("data"), asBase64: true); break;
                case (3, 2): SetIfAny(obj, "type", raw.String()); break;
                case (4, 2): MapEntry(raw.Message(), stringData, asBase64: false); break;
                case (5, 0): obj["immutable"] = raw.Varint() != 0; break;
                case var (_, other): raw.Skip(other); break;
            }
        }

        // The API server merges stringData into data (stringData wins) and never stores stringData.
        foreach (var (key, value) in stringData)
        {
            obj.Obj("data")[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value!.GetValue<string>()));
        }

        return obj;
    }

    private static JsonObject Namespace(Reader? raw)
    {
        var obj = Envelope("Namespace");
        while (raw is { More: true })
        {
            switch (raw.Tag())
            {
                case (1, 2): obj["metadata"] = ObjectMeta(raw.Message()); break;
                case var (_, other): raw.Skip(other); break;
            }
        }

        return obj;
    }

    private static JsonObject ObjectMeta(Reader meta)
    {
        var result = new JsonObject();
        while (meta.More)
        {
            switch (meta.Tag())
            {
                case (1, 2): SetIfAny(result, "name", meta.String()); break;
                case (2, 2): SetIfAny(result, "generateName", meta.String()); break;
                case (3, 2): SetIfAny(result, "namespace", meta.String()); break;
                case (6, 2): SetIfAny(result, "resourceVersion", meta.String()); break;
                case (11, 2): MapEntry(meta.Message(), result.Obj("labels"), asBase64: false); break;
                case (12, 2): MapEntry(meta.Message(), result.Obj("annotations"), asBase64: false); break;
                case var (_, other): meta.Skip(other); break;
            }
        }

        return result;
    }

    private static void SetIfAny(JsonObject obj, string name, string value)
    {
        if (value.Length > 0)
        {
            obj[name] = value;
        }
    }

    // One entry {1: key, 2: value} of a map<string,string> or map<string,bytes>; bytes are kept as base64, as JSON shows them.
    private static void MapEntry(Reader entry, JsonObject into, bool asBase64)
    {
        var key = string.Empty;
        byte[] value = [];
        while (entry.More)
        {
            switch (entry.Tag())
            {
                case (1, 2): key = entry.String(); break;
                case (2, 2): value = entry.Bytes(); break;
                case var (_, other): entry.Skip(other); break;
            }
        }

        into[key] = asBase64 ? Convert.ToBase64String(value) : Encoding.UTF8.GetString(value);
    }

    /// <summary>Reads fields of one message: the bytes between start and end of a buffer.</summary>
    private sealed class Reader(byte[] buffer, int start, int end)
    {
        private int _position = start;

        public bool More => _position < end;

        public (int Field, int WireType) Tag()
        {
            var tag = Varint();
            var field = tag >> 3;
            if (field is 0 or > int.MaxValue)
            {
                throw Malformed("a field number out of range");
            }

            return ((int)field, (int)(tag & 7));
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= end)
                {
                    throw Malformed("a varint that runs past its message");
                }

                var b = buffer[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if ((b & 0x80) == 0)
                {
                    return value;
                }
            }

            throw Malformed("a varint longer than 10 bytes");
        }

        public Reader Message()
        {
            var (offset, length) = Length();
            return new Reader(buffer, offset, offset + length);
        }

        public byte[] Bytes()
        {
            var (offset, length) = Length();
            return buffer.AsSpan(offset, length).ToArray();
        }

        public string String()
        {
            var (offset, length) = Length();
            return Encoding.UTF8.GetString(buffer, offset, length);
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0: Varint(); break;
                case 1: Advance(8); break;
                case 2: Length(); break;
                case 5: Advance(4); break;
                default: throw Malformed($"wire type {wireType}");
            }
        }

        private (int Offset, int Length) Length()
        {
            var length = Varint();
            if (length > (ulong)(end - _position))
            {
                throw Malformed("a length-delimited field that runs past its message");
            }

            var offset = _position;
            _position += (int)length;
            return (offset, (int)length);
        }

        private void Advance(int count)
        {
            if (count > end - _position)
            {
                throw Malformed("a fixed-width field that runs past its message");
            }

            _position += count;
        }

        private static FakeKubeException Malformed(string what) =>
            new(400, "BadRequest", $"the protobuf body is malformed: {what}");
    }
}
