using System.Collections;
using System.Text.Json;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>GET sys/audit (vault-api-notes section 8.1): needs sudo; the map is read from data, or from the top-level copy older servers send alone.</summary>
public static class VaultAuditDevicesApi
{
    public static async Task<IReadOnlyList<VaultAuditDevice>> GetAuditDevicesAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(VaultRequest.Get("sys/audit"), cancellationToken).ConfigureAwait(false);
        if (response.Body is not { ValueKind: JsonValueKind.Object } body)
        {
            throw new VaultInvalidResponseException(response.Address, "sys/audit", (int)response.StatusCode, "no JSON object");
        }

        var map = body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : body;
        var devices = new List<VaultAuditDevice>();
        foreach (var entry in map.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Object || JsonFields.String(entry.Value, "type") is not { } type)
            {
                continue; // the envelope's own fields
            }

            var options = new Hashtable(StringComparer.Ordinal);
            if (entry.Value.TryGetProperty("options", out var given) && given.ValueKind == JsonValueKind.Object)
            {
                foreach (var option in given.EnumerateObject())
                {
                    options[option.Name] = option.Value.ValueKind == JsonValueKind.String ? option.Value.GetString() : option.Value.GetRawText();
                }
            }

            devices.Add(new VaultAuditDevice
            {
                Address = response.Address,
                Path = (JsonFields.String(entry.Value, "path") is { Length: > 0 } path ? path : entry.Name).TrimEnd('/'),
                Type = type,
                Description = JsonFields.String(entry.Value, "description") ?? string.Empty,
                Local = JsonFields.Bool(entry.Value, "local") ?? false,
                Options = options,
            });
        }

        return devices.OrderBy(d => d.Path, StringComparer.Ordinal).ToList();
    }
}
