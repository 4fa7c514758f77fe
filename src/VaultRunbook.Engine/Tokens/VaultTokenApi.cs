using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Tokens;

/// <summary>
/// The token store (auth/token/*) and lease revocation by prefix (vault-api-notes section 5). A token value is
/// only ever sent in a request body or header, never put in a path, a message or a result.
/// </summary>
public static class VaultTokenApi
{
    /// <summary>GET auth/token/lookup-self: the client's own token.</summary>
    public static async Task<VaultTokenInfo> LookupSelfAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        const string path = "auth/token/lookup-self";
        var response = await client.SendAsync(VaultRequest.Get(path), cancellationToken).ConfigureAwait(false);
        return Describe(client, response, path);
    }

    /// <summary>POST auth/token/lookup-accessor. An unknown accessor is Vault's 400 "invalid accessor".</summary>
    public static async Task<VaultTokenInfo> LookupAccessorAsync(this IVaultClient client, string accessor, CancellationToken cancellationToken)
    {
        const string path = "auth/token/lookup-accessor";
        var response = await client.SendAsync(
            new VaultRequest { Method = "POST", Path = path, Body = new JsonObject { ["accessor"] = accessor }, Idempotent = true },
            cancellationToken).ConfigureAwait(false);
        return Describe(client, response, path);
    }

    /// <summary>LIST auth/token/accessors (needs sudo). Vault's 404 for an empty list is an empty list.</summary>
    public static async Task<IReadOnlyList<string>> ListAccessorsAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        const string path = "auth/token/accessors";
        try
        {
            var response = await client.SendAsync(new VaultRequest { Method = "LIST", Path = path, Idempotent = true }, cancellationToken).ConfigureAwait(false);
            return Keys(response, path);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.Errors.Count == 0)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>POST auth/token/revoke-self: the client's token and its children. Safe to repeat only while the token lives.</summary>
    public static Task RevokeSelfAsync(this IVaultClient client, CancellationToken cancellationToken) =>
        client.SendAsync(new VaultRequest { Method = "POST", Path = "auth/token/revoke-self" }, cancellationToken);

    /// <summary>POST auth/token/revoke {token}: the token and its children; an unknown token is not an error.</summary>
    public static Task RevokeAsync(this IVaultClient client, SensitiveString token, CancellationToken cancellationToken) =>
        client.SendAsync(new VaultRequest { Method = "POST", Path = "auth/token/revoke", Body = new JsonObject { ["token"] = token.Reveal() }, Idempotent = true }, cancellationToken);

    /// <summary>POST auth/token/revoke-orphan {token}: the token only, its children become orphans. Needs root or sudo.</summary>
    public static Task RevokeOrphanAsync(this IVaultClient client, SensitiveString token, CancellationToken cancellationToken) =>
        client.SendAsync(new VaultRequest { Method = "POST", Path = "auth/token/revoke-orphan", Body = new JsonObject { ["token"] = token.Reveal() } }, cancellationToken);

    /// <summary>
    /// POST auth/token/revoke-accessor. Idempotent: true when a token was revoked, false when Vault knew no token
    /// with that accessor (its 200 with the warning "No token found with this accessor").
    /// </summary>
    public static async Task<bool> RevokeAccessorAsync(this IVaultClient client, string accessor, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(
            new VaultRequest { Method = "POST", Path = "auth/token/revoke-accessor", Body = new JsonObject { ["accessor"] = accessor }, Idempotent = true },
            cancellationToken).ConfigureAwait(false);
        return !response.Warnings.Any(w => w.Contains("No token found", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// PUT sys/leases/revoke-prefix/&lt;prefix&gt; (the CLI's vault token revoke -mode=path): every lease, and so every
    /// token, issued under the prefix. Needs sudo.
    /// </summary>
    public static Task RevokePrefixAsync(this IVaultClient client, string prefix, CancellationToken cancellationToken)
    {
        var trimmed = prefix.Trim();
        if (trimmed.Trim('/').Length == 0)
        {
            throw new ConfigurationException("VaultRunbook.Token.InvalidPrefix", "The prefix to revoke is empty; give an auth path such as auth/approle/.");
        }

        return client.SendAsync(new VaultRequest { Method = "PUT", Path = "sys/leases/revoke-prefix/" + trimmed.TrimStart('/'), Idempotent = true }, cancellationToken);
    }

    internal static IReadOnlyList<string> Keys(VaultResponse response, string path) =>
        Data(response, path).TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array
            ? keys.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!).ToArray()
            : Array.Empty<string>();

    /// <summary>The response's data object; a body without one is not Vault's answer.</summary>
    internal static JsonElement Data(VaultResponse response, string path) =>
        response.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data
            : throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, "JSON without a data object");

    internal static IReadOnlyList<string> Strings(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToArray()
            : Array.Empty<string>();

    internal static IReadOnlyDictionary<string, string> StringMap(JsonElement data, string name)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return map;
    }

    private static VaultTokenInfo Describe(IVaultClient client, VaultResponse response, string path)
    {
        var data = Data(response, path);
        return new VaultTokenInfo
        {
            Address = response.Address,
            Namespace = client.Settings.Namespace,
            Accessor = JsonFields.String(data, "accessor") ?? throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, "a token lookup without an accessor"),
            DisplayName = JsonFields.String(data, "display_name"),
            Policies = Strings(data, "policies"),
            Path = JsonFields.String(data, "path"),
            CreationTime = JsonFields.Int64(data, "creation_time") is { } created ? DateTimeOffset.FromUnixTimeSeconds(created) : null,
            ExpireTime = JsonFields.String(data, "expire_time") is { Length: > 0 } expires
                && DateTimeOffset.TryParse(expires, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null,
            Ttl = TimeSpan.FromSeconds(JsonFields.Int64(data, "ttl") ?? 0),
            ExplicitMaxTtl = TimeSpan.FromSeconds(JsonFields.Int64(data, "explicit_max_ttl") ?? 0),
            Orphan = JsonFields.Bool(data, "orphan") ?? false,
            Renewable = JsonFields.Bool(data, "renewable"),
            NumUses = JsonFields.Int64(data, "num_uses") ?? 0,
            Type = JsonFields.String(data, "type"),
            EntityId = JsonFields.String(data, "entity_id") is { Length: > 0 } entity ? entity : null,
            Meta = StringMap(data, "meta"),
        };
    }
}
