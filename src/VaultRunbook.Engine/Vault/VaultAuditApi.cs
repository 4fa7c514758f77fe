using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>Audit-device endpoints (vault-api-notes section 8.1).</summary>
public static class VaultAuditApi
{
    /// <summary>
    /// POST sys/audit-hash/&lt;device&gt;: the HMAC of a value with the device's salt, read from data.hash or the
    /// top-level copy Vault injects.
    /// </summary>
    public static async Task<AuditHash> GetAuditHashAsync(this IVaultClient client, string device, SensitiveString value, CancellationToken cancellationToken)
    {
        var path = $"sys/audit-hash/{device.Trim('/')}";
        var response = await client.SendAsync(
            new VaultRequest { Method = "POST", Path = path, Body = new JsonObject { ["input"] = value.Reveal() }, Idempotent = true },
            cancellationToken).ConfigureAwait(false);
        var hash = response.Body is { ValueKind: JsonValueKind.Object } body
            ? (body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? JsonFields.String(data, "hash") : null) ?? JsonFields.String(body, "hash")
            : null;
        return hash is null
            ? throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, "JSON without a hash")
            : new AuditHash(device.Trim('/'), hash, response.Address);
    }
}
