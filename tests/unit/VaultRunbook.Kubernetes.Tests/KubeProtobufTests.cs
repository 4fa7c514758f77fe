using System.Text;
using System.Text.Json.Nodes;
using VaultRunbook.FakeKube;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>
/// The fake's protobuf reader on bodies built here byte by byte from the documented encoding (protobuf.dev encoding guide;
/// the Kubernetes envelope "k8s\0" + runtime.Unknown; field numbers of core/v1 and meta/v1 generated.proto).
/// </summary>
public sealed class KubeProtobufTests
{
    // "k8s\0", then runtime.Unknown field 1 (TypeMeta, tag 0x0a) of 12 bytes: apiVersion (tag 0x0a) "v1", kind (tag 0x12) "Secret".
    private static readonly byte[] SecretHeader =
    [
        0x6b, 0x38, 0x73, 0x00,
        0x0a, 0x0c, 0x0a, 0x02, (byte)'v', (byte)'1', 0x12, 0x06, (byte)'S', (byte)'e', (byte)'c', (byte)'r', (byte)'e', (byte)'t',
    ];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    // Wire type 2: tag (field << 3 | 2), varint length, bytes.
    private static byte[] Len(int field, params byte[][] parts)
    {
        var payload = parts.SelectMany(p => p).ToArray();
        return [.. Varint(((ulong)field << 3) | 2), .. Varint((ulong)payload.Length), .. payload];
    }

    private static byte[] Str(int field, string value) => Len(field, Encoding.UTF8.GetBytes(value));

    private static byte[] Entry(int field, string key, byte[] value) => Len(field, Str(1, key), Len(2, value));

    private static byte[] Entry(int field, string key, string value) => Entry(field, key, Encoding.UTF8.GetBytes(value));

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [0x6b, 0x38, 0x73, 0x00, .. Len(1, Str(1, apiVersion), Str(2, kind)), .. Len(2, raw), .. Str(3, string.Empty), .. Str(4, string.Empty)];

    [Fact]
    public void A_secret_reads_into_the_json_form_with_data_base64_and_string_data_merged()
    {
        byte[] metadata = Len(1,
            Str(1, "api-jwt"),
            Str(2, string.Empty),                        // generateName: Go writes empty strings too
            Str(3, "app"),
            Str(6, "42"),                                // resourceVersion
            Len(8),                                      // creationTimestamp: an empty Time message, skipped
            [0x50, 0x07],                                // field 10 (generation), varint 7: skipped
            Entry(11, "team", "payments"),
            Entry(12, "note", "rotated by runbook"));
        byte[] raw =
        [
            .. metadata,
            .. Entry(2, "issuer", "runbook"),
            .. Entry(2, "blob", [0x00, 0xff, 0x10]),     // bytes that are not UTF-8 survive as base64
            .. Str(3, "Opaque"),
            .. Entry(4, "issuer", "override"),           // stringData wins over data
            .. Entry(4, "extra", "x"),
            0x28, 0x01,                                  // field 5 (immutable), varint true
            0xfd, 0x06, 1, 2, 3, 4,                      // field 111, wire type 5 (fixed32): skipped
            0x81, 0x07, 1, 2, 3, 4, 5, 6, 7, 8,          // field 112, wire type 1 (fixed64): skipped
        ];
        byte[] body = [.. SecretHeader, .. Len(2, raw), .. Str(3, string.Empty), .. Str(4, string.Empty)];

        var json = KubeProtobuf.ToJson(body);

        var expected = JsonNode.Parse("""
            {
              "apiVersion": "v1", "kind": "Secret",
              "metadata": { "name": "api-jwt", "namespace": "app", "resourceVersion": "42", "labels": { "team": "payments" }, "annotations": { "note": "rotated by runbook" } },
              "data": { "issuer": "b3ZlcnJpZGU=", "blob": "AP8Q", "extra": "eA==" },
              "type": "Opaque",
              "immutable": true
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, json), json.ToJsonString());
    }

    [Fact]
    public void A_configmap_and_a_namespace_read_into_their_json_forms()
    {
        var configMap = KubeProtobuf.ToJson(Envelope("v1", "ConfigMap",
            [.. Len(1, Str(1, "settings")), .. Entry(2, "LOG_LEVEL", "debug"), .. Entry(2, "empty", string.Empty), .. Entry(3, "cert.der", [0x30, 0x82])]));
        var ns = KubeProtobuf.ToJson(Envelope("v1", "Namespace", [.. Len(1, Str(1, "team-x")), .. Len(2, Str(1, "kubernetes"))]));

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"},"data":{"LOG_LEVEL":"debug","empty":""},"binaryData":{"cert.der":"MII="}}"""), configMap), configMap.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-x"}}"""), ns), ns.ToJsonString());
    }

    [Fact]
    public void Another_kind_is_415_and_a_malformed_body_is_400()
    {
        var deployment = Assert.Throws<FakeKubeException>(() => KubeProtobuf.ToJson(Envelope("apps/v1", "Deployment", Len(1, Str(1, "web")))));
        var noMagic = Assert.Throws<FakeKubeException>(() => KubeProtobuf.ToJson(Encoding.UTF8.GetBytes("{\"kind\":\"Secret\"}")));
        var truncated = Assert.Throws<FakeKubeException>(() => KubeProtobuf.ToJson([.. SecretHeader, 0x12, 0x05, 0x0a]));

        Assert.Equal((415, "UnsupportedMediaType"), (deployment.Code, deployment.Reason));
        Assert.Equal((400, "BadRequest"), (noMagic.Code, noMagic.Reason));
        Assert.Equal((400, "BadRequest"), (truncated.Code, truncated.Reason));
    }
}
