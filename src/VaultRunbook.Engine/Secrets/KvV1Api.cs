using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Secrets;

/// <summary>
/// KV v1 (Vault's passthrough backend): one flat JSON object per path, no versions, no metadata. A write replaces
/// the whole object, so sending the same write again gives the same result: writes and deletes are retryable.
/// </summary>
public static class KvV1Api
{

    /// <summary>GET &lt;mount&gt;/&lt;path&gt;. The secret has no version (0) and no creation time.</summary>
    public static async Task<KvSecret> ReadV1SecretAsync(this IVaultClient client, KvLocation location, CancellationToken cancellationToken)
    {
        var request = new VaultRequest { Method = "GET", Path = $"{location.Mount}/{location.Path}", Idempotent = true, AcceptedStatusCodes = KvV2Api.NotFoundIsAnAnswer };
        var response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new KvException("VaultRunbook.Secret.NotFound", ErrorKind.ObjectNotFound, $"There is no secret at {location.Target}.", location.Target);
        }

        if (response.Body is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            throw new VaultInvalidResponseException(response.Address, request.Path, (int)response.StatusCode, "JSON without data");
        }

        return new KvSecret(response.Address, location.Mount, location.Path, 0, null, (JsonObject)JsonNode.Parse(data.GetRawText())!);
    }

    /// <summary>POST &lt;mount&gt;/&lt;path&gt; with the flat map: the whole secret is replaced.</summary>
    public static Task WriteV1SecretAsync(this IVaultClient client, KvLocation location, JsonObject data, CancellationToken cancellationToken) =>
        client.SendAsync(new VaultRequest { Method = "POST", Path = $"{location.Mount}/{location.Path}", Body = data.DeepClone(), Idempotent = true }, cancellationToken);

    /// <summary>DELETE &lt;mount&gt;/&lt;path&gt;.</summary>
    public static Task DeleteV1SecretAsync(this IVaultClient client, KvLocation location, CancellationToken cancellationToken) =>
        client.SendAsync(new VaultRequest { Method = "DELETE", Path = $"{location.Mount}/{location.Path}", Idempotent = true }, cancellationToken);
}
