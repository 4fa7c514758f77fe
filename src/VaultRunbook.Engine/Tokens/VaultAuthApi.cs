using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Tokens;

/// <summary>Auth methods (sys/auth) and the AppRole method as Vault documents it: roles, secret-ids, login.</summary>
public static class VaultAuthApi
{
    /// <summary>GET sys/auth: the enabled auth methods, sorted by path.</summary>
    public static async Task<IReadOnlyList<VaultAuthMethod>> ListAuthMethodsAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        const string path = "sys/auth";
        var response = await client.SendAsync(VaultRequest.Get(path), cancellationToken).ConfigureAwait(false);
        var data = VaultTokenApi.Data(response, path);
        var methods = new List<VaultAuthMethod>();
        foreach (var entry in data.EnumerateObject().Where(e => e.Value.ValueKind == JsonValueKind.Object))
        {
            var method = entry.Value;
            methods.Add(new VaultAuthMethod
            {
                Address = response.Address,
                Namespace = client.Settings.Namespace,
                Path = entry.Name.EndsWith('/') ? entry.Name : entry.Name + "/",
                Type = JsonFields.String(method, "type") ?? string.Empty,
                Description = JsonFields.String(method, "description"),
                Accessor = JsonFields.String(method, "accessor"),
                Local = JsonFields.Bool(method, "local") ?? false,
                SealWrap = JsonFields.Bool(method, "seal_wrap") ?? false,
                RunningPluginVersion = JsonFields.String(method, "running_plugin_version"),
            });
        }

        return methods.OrderBy(m => m.Path, StringComparer.Ordinal).ToArray();
    }

    /// <summary>LIST auth/&lt;mount&gt;/role: the role names (an empty list is Vault's 404).</summary>
    public static async Task<IReadOnlyList<string>> ListAppRolesAsync(this IVaultClient client, string mount, CancellationToken cancellationToken)
    {
        var path = $"auth/{MountPath(mount)}/role";
        try
        {
            var response = await client.SendAsync(new VaultRequest { Method = "LIST", Path = path, Idempotent = true }, cancellationToken).ConfigureAwait(false);
            return VaultTokenApi.Keys(response, path);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.Errors.Count == 0)
        {
            return Array.Empty<string>();
        }
    }

    /// <summary>GET auth/&lt;mount&gt;/role/&lt;name&gt; and its role-id. An unknown role is VaultRunbook.AppRole.NotFound.</summary>
    public static async Task<VaultAppRole> GetAppRoleAsync(this IVaultClient client, string mount, string roleName, CancellationToken cancellationToken)
    {
        var rolePath = RolePath(mount, roleName);
        VaultResponse role;
        VaultResponse roleId;
        try
        {
            role = await client.SendAsync(VaultRequest.Get(rolePath), cancellationToken).ConfigureAwait(false);
            roleId = await client.SendAsync(VaultRequest.Get(rolePath + "/role-id"), cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new VaultOperationException(
                "VaultRunbook.AppRole.NotFound", ErrorKind.ObjectNotFound, $"There is no AppRole role '{roleName}' at auth/{MountPath(mount)}/ on {ex.Address}.", ex.Address);
        }

        var data = VaultTokenApi.Data(role, rolePath);
        var policies = VaultTokenApi.Strings(data, "token_policies");
        return new VaultAppRole
        {
            Address = role.Address,
            Namespace = client.Settings.Namespace,
            Mount = MountPath(mount),
            RoleName = roleName,
            RoleId = JsonFields.String(VaultTokenApi.Data(roleId, rolePath + "/role-id"), "role_id"),
            TokenPolicies = policies.Count > 0 ? policies : VaultTokenApi.Strings(data, "policies"),
            TokenTtl = Seconds(data, "token_ttl"),
            TokenMaxTtl = Seconds(data, "token_max_ttl"),
            BindSecretId = JsonFields.Bool(data, "bind_secret_id") ?? true,
            SecretIdNumUses = JsonFields.Int64(data, "secret_id_num_uses") ?? 0,
            SecretIdTtl = Seconds(data, "secret_id_ttl"),
        };
    }

    /// <summary>POST auth/&lt;mount&gt;/role/&lt;name&gt;/secret-id: a new secret-id. Not retried: a lost answer would leave an unknown one behind.</summary>
    public static async Task<AppRoleSecretId> NewSecretIdAsync(
        this IVaultClient client, string mount, string roleName, IReadOnlyDictionary<string, string>? metadata, TimeSpan? ttl, long? numUses, CancellationToken cancellationToken)
    {
        var path = RolePath(mount, roleName) + "/secret-id";
        var body = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var map = new JsonObject();
            foreach (var pair in metadata)
            {
                map[pair.Key] = pair.Value;
            }

            body["metadata"] = map.ToJsonString();
        }

        if (ttl is { } lifetime)
        {
            body["ttl"] = (long)lifetime.TotalSeconds;
        }

        if (numUses is { } uses)
        {
            body["num_uses"] = uses;
        }

        var response = await client.SendAsync(new VaultRequest { Method = "POST", Path = path, Body = body }, cancellationToken).ConfigureAwait(false);
        var data = VaultTokenApi.Data(response, path);
        return new AppRoleSecretId
        {
            Address = response.Address,
            Namespace = client.Settings.Namespace,
            Mount = MountPath(mount),
            RoleName = roleName,
            SecretIdAccessor = JsonFields.String(data, "secret_id_accessor") ?? throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, "a secret-id without an accessor"),
            SecretId = new SensitiveString(JsonFields.String(data, "secret_id") ?? throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, "an answer without a secret-id")),
            NumUses = JsonFields.Int64(data, "secret_id_num_uses") ?? 0,
            Ttl = Seconds(data, "secret_id_ttl"),
        };
    }

    /// <summary>POST auth/&lt;mount&gt;/role/&lt;name&gt;/secret-id-accessor/destroy. An unknown accessor is Vault's 400.</summary>
    public static Task DestroySecretIdAccessorAsync(this IVaultClient client, string mount, string roleName, string accessor, CancellationToken cancellationToken) =>
        client.SendAsync(
            new VaultRequest { Method = "POST", Path = RolePath(mount, roleName) + "/secret-id-accessor/destroy", Body = new JsonObject { ["secret_id_accessor"] = accessor }, Idempotent = true },
            cancellationToken);

    /// <summary>POST auth/&lt;mount&gt;/role/&lt;name&gt;/secret-id/destroy {secret_id}.</summary>
    public static Task DestroySecretIdAsync(this IVaultClient client, string mount, string roleName, SensitiveString secretId, CancellationToken cancellationToken) =>
        client.SendAsync(
            new VaultRequest { Method = "POST", Path = RolePath(mount, roleName) + "/secret-id/destroy", Body = new JsonObject { ["secret_id"] = secretId.Reveal() }, Idempotent = true },
            cancellationToken);

    /// <summary>POST auth/&lt;mount&gt;/login {role_id, secret_id}: no token is sent; the answer's auth block is the new token.</summary>
    public static async Task<VaultLogin> LoginAppRoleAsync(this IVaultClient client, string mount, string roleId, SensitiveString? secretId, CancellationToken cancellationToken)
    {
        var path = $"auth/{MountPath(mount)}/login";
        var body = new JsonObject { ["role_id"] = roleId };
        if (secretId is not null)
        {
            body["secret_id"] = secretId.Reveal();
        }

        var response = await client.SendAsync(new VaultRequest { Method = "POST", Path = path, Body = body, Authenticated = false }, cancellationToken).ConfigureAwait(false);
        if (response.Body is not { ValueKind: JsonValueKind.Object } envelope || !envelope.TryGetProperty("auth", out var auth) || auth.ValueKind != JsonValueKind.Object)
        {
            throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, "a login answer without an auth block");
        }

        return new VaultLogin
        {
            Address = response.Address,
            Namespace = client.Settings.Namespace,
            Token = new SensitiveString(JsonFields.String(auth, "client_token") ?? throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, "a login answer without a token")),
            Accessor = JsonFields.String(auth, "accessor") ?? string.Empty,
            Policies = VaultTokenApi.Strings(auth, "policies"),
            LeaseDuration = Seconds(auth, "lease_duration"),
            Renewable = JsonFields.Bool(auth, "renewable") ?? false,
            Orphan = JsonFields.Bool(auth, "orphan") ?? false,
            Metadata = VaultTokenApi.StringMap(auth, "metadata"),
        };
    }

    /// <summary>The mount as a path without slashes around it ("approle"); an empty one is bad usage.</summary>
    public static string MountPath(string mount)
    {
        var trimmed = mount.Trim().Trim('/');
        if (trimmed.StartsWith("auth/", StringComparison.Ordinal))
        {
            trimmed = trimmed["auth/".Length..];
        }

        return trimmed.Length == 0
            ? throw new ConfigurationException("VaultRunbook.AppRole.InvalidMount", "The AppRole mount is empty; give its path, such as approle.")
            : trimmed;
    }

    private static string RolePath(string mount, string roleName)
    {
        var name = roleName.Trim();
        return name.Length == 0 || name.Contains('/', StringComparison.Ordinal)
            ? throw new ConfigurationException("VaultRunbook.AppRole.InvalidRoleName", $"'{roleName}' is not an AppRole role name.")
            : $"auth/{MountPath(mount)}/role/{name}";
    }

    private static TimeSpan Seconds(JsonElement data, string name) => TimeSpan.FromSeconds(JsonFields.Int64(data, name) ?? 0);
}
