using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Audit;

/// <summary>
/// Vault's audit HMAC (vault-api-notes §8.3): "hmac-sha256:" + lowercase hex of HMAC-SHA256 keyed
/// with the UTF-8 bytes of the device's salt. In a data tree every string leaf is hashed (empty
/// strings too) except map keys and strings that parse as RFC 3339 times; numbers that came from a
/// client's JSON are hashed as written, because Vault decodes request bodies with json.Number, a
/// string type (the vault-guides audit log shows request numbers HMAC'd); numbers the server
/// computed and booleans stay in clear.
/// </summary>
internal sealed class AuditHasher(string salt)
{
    private readonly byte[] _key = Encoding.UTF8.GetBytes(salt);

    public string Hash(string value) =>
        "hmac-sha256:" + Convert.ToHexString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value))).ToLowerInvariant();

    /// <summary>A hashed copy of the tree; the original is left as it is.</summary>
    public JsonNode? HashTree(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (KeyValuePair<string, JsonNode?> member in obj)
                {
                    copy[member.Key] = HashTree(member.Value);
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (JsonNode? item in array)
                {
                    items.Add(HashTree(item));
                }

                return items;
            default:
                JsonValue value = node.AsValue();
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String:
                        string text = value.GetValue<string>();
                        return GoTime.IsRfc3339(text) ? JsonValue.Create(text) : JsonValue.Create(Hash(text));
                    case JsonValueKind.Number when value.TryGetValue(out JsonElement element):
                        return JsonValue.Create(Hash(element.GetRawText()));
                    default:
                        return node.DeepClone();
                }
        }
    }
}
