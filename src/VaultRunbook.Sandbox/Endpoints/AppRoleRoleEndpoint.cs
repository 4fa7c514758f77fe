using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// AppRole roles as Vault documents them (auth/approle/role): LIST role; POST (create or update),
/// GET and DELETE role/:role_name; GET and POST role/:role_name/role-id. A role's fields:
/// bind_secret_id, secret_id_num_uses, secret_id_ttl, token_ttl, token_max_ttl,
/// token_explicit_max_ttl, token_num_uses, token_no_default_policy, token_policies (or the
/// deprecated policies). Writes answer 204; an unknown role reads as 404.
/// </summary>
internal sealed partial class AppRoleRoleEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes)
    {
        routes.Map("role/?", exists: null, (LogicalOperation.List, List));
        routes.Map("role/(?<role>[^/]+)", Exists, (LogicalOperation.Read, Read), (LogicalOperation.Update, Write), (LogicalOperation.Delete, Delete));
        routes.Map("role/(?<role>[^/]+)/role-id", exists: null, (LogicalOperation.Read, ReadRoleId), (LogicalOperation.Update, WriteRoleId));
    }

    /// <summary>A role's read data (a Go map: the writer sorts it).</summary>
    public static JsonObject Describe(AppRole role)
    {
        JsonArray Policies() => new([.. role.TokenPolicies.Select(p => (JsonNode?)p)]);
        return new JsonObject
        {
            ["bind_secret_id"] = role.BindSecretId,
            ["local_secret_ids"] = false,
            ["period"] = 0,
            ["policies"] = Policies(),
            ["secret_id_bound_cidrs"] = new JsonArray(),
            ["secret_id_num_uses"] = role.SecretIdNumUses,
            ["secret_id_ttl"] = role.SecretIdTtl,
            ["token_bound_cidrs"] = new JsonArray(),
            ["token_explicit_max_ttl"] = role.TokenExplicitMaxTtl,
            ["token_max_ttl"] = role.TokenMaxTtl,
            ["token_no_default_policy"] = role.TokenNoDefaultPolicy,
            ["token_num_uses"] = role.TokenNumUses,
            ["token_period"] = 0,
            ["token_policies"] = Policies(),
            ["token_ttl"] = role.TokenTtl,
            ["token_type"] = "default",
        };
    }

    private bool Exists(LogicalRequest request) =>
        core.State is { } state && AppRoleStore.Role(state, request.Mount.Path, request.Param("role")) is not null;

    private ValueTask<LogicalResponse> List(LogicalRequest request)
    {
        string[] names = core.State is { } state ? [.. AppRoleStore.Roles(state, request.Mount.Path).Keys.Order(StringComparer.Ordinal)] : [];
        return Answer(names.Length == 0 ? LogicalResponse.NotFound : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]) }));
    }

    private ValueTask<LogicalResponse> Read(LogicalRequest request) =>
        Answer(core.State is { } state && AppRoleStore.Role(state, request.Mount.Path, request.Param("role")) is { } role
            ? LogicalResponse.Ok(Describe(role))
            : LogicalResponse.NotFound);

    private ValueTask<LogicalResponse> Write(LogicalRequest request)
    {
        string name = request.Param("role");
        if (!RoleName().IsMatch(name))
        {
            return Answer(LogicalResponse.Invalid("role_name contains invalid characters"));
        }

        JsonObject? data = request.Data;
        string? error = null;
        bool hasBind = LogicalFields.TryGetBool(data, "bind_secret_id", out bool bind, ref error);
        bool hasUses = LogicalFields.TryGetInt(data, "secret_id_num_uses", out long uses, ref error);
        bool hasSecretTtl = LogicalFields.TryGetDuration(data, "secret_id_ttl", allowNegative: false, out long secretTtl, ref error);
        bool hasTtl = LogicalFields.TryGetDuration(data, "token_ttl", allowNegative: false, out long ttl, ref error);
        bool hasMax = LogicalFields.TryGetDuration(data, "token_max_ttl", allowNegative: false, out long max, ref error);
        bool hasExplicit = LogicalFields.TryGetDuration(data, "token_explicit_max_ttl", allowNegative: false, out long explicitMax, ref error);
        bool hasTokenUses = LogicalFields.TryGetInt(data, "token_num_uses", out long tokenUses, ref error);
        bool hasNoDefault = LogicalFields.TryGetBool(data, "token_no_default_policy", out bool noDefault, ref error);
        bool hasPolicies = LogicalFields.TryGetStringList(data, "token_policies", out List<string> policies, ref error);
        if (!hasPolicies)
        {
            hasPolicies = LogicalFields.TryGetStringList(data, "policies", out policies, ref error);
        }

        bool hasRoleId = LogicalFields.TryGetString(data, "role_id", out string roleId, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        if (uses < 0)
        {
            return Answer(LogicalResponse.Invalid("secret_id_num_uses cannot be negative"));
        }

        if (hasMax && hasTtl && max > 0 && ttl > max)
        {
            return Answer(LogicalResponse.Invalid("\"token_ttl\" value must be less than \"token_max_ttl\" value"));
        }

        LogicalResponse? refused = null;
        SandboxState? saved = core.Update(state =>
        {
            AppRole role = AppRoleStore.Role(state, request.Mount.Path, name) ?? new AppRole(name, SecretGenerator.Uuid());
            if (hasRoleId && roleId.Length > 0 && roleId != role.RoleId)
            {
                if (AppRoleStore.Roles(state, request.Mount.Path).Values.Any(r => r.RoleId == roleId))
                {
                    refused = LogicalResponse.Invalid("role_id already in use");
                    return state;
                }

                role = role with { RoleId = roleId };
            }

            role = role with
            {
                BindSecretId = hasBind ? bind : role.BindSecretId,
                SecretIdNumUses = hasUses ? (int)uses : role.SecretIdNumUses,
                SecretIdTtl = hasSecretTtl ? secretTtl : role.SecretIdTtl,
                TokenTtl = hasTtl ? ttl : role.TokenTtl,
                TokenMaxTtl = hasMax ? max : role.TokenMaxTtl,
                TokenExplicitMaxTtl = hasExplicit ? explicitMax : role.TokenExplicitMaxTtl,
                TokenNumUses = hasTokenUses ? (int)tokenUses : role.TokenNumUses,
                TokenNoDefaultPolicy = hasNoDefault ? noDefault : role.TokenNoDefaultPolicy,
                TokenPolicies = hasPolicies
                    ? [.. policies.Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]
                    : role.TokenPolicies,
            };
            return AppRoleStore.WithRole(state, request.Mount.Path, name, role);
        });
        return Answer(saved is null ? LogicalResponse.Sealed : refused ?? LogicalResponse.Empty);
    }

    private ValueTask<LogicalResponse> Delete(LogicalRequest request) =>
        Answer(core.Update(state => AppRoleStore.WithRole(state, request.Mount.Path, request.Param("role"), role: null)) is null
            ? LogicalResponse.Sealed
            : LogicalResponse.Empty);

    private ValueTask<LogicalResponse> ReadRoleId(LogicalRequest request) =>
        Answer(core.State is { } state && AppRoleStore.Role(state, request.Mount.Path, request.Param("role")) is { } role
            ? LogicalResponse.Ok(new JsonObject { ["role_id"] = role.RoleId })
            : LogicalResponse.NotFound);

    private ValueTask<LogicalResponse> WriteRoleId(LogicalRequest request)
    {
        string? error = null;
        LogicalFields.TryGetString(request.Data, "role_id", out string roleId, ref error);
        if (error is not null || roleId.Length == 0)
        {
            return Answer(LogicalResponse.Invalid(error ?? "missing role_id"));
        }

        string name = request.Param("role");
        LogicalResponse? refused = null;
        SandboxState? saved = core.Update(state =>
        {
            ImmutableDictionary<string, AppRole> roles = AppRoleStore.Roles(state, request.Mount.Path);
            if (!roles.TryGetValue(name, out AppRole? role))
            {
                refused = LogicalResponse.Invalid($"role \"{name}\" does not exist");
                return state;
            }

            if (roles.Values.Any(r => r.RoleId == roleId && r.Name != name))
            {
                refused = LogicalResponse.Invalid("role_id already in use");
                return state;
            }

            return AppRoleStore.WithRole(state, request.Mount.Path, name, role with { RoleId = roleId });
        });
        return Answer(saved is null ? LogicalResponse.Sealed : refused ?? LogicalResponse.Empty);
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);

    [GeneratedRegex(@"^\w(?:[\w\-.@]*\w)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleName();
}
