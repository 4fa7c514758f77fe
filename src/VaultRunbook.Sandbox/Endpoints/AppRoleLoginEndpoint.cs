using System.Collections.Immutable;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// POST auth/approle/login {role_id, secret_id} (unauthenticated): checks the role-id and, when the
/// role binds one, a live secret-id, uses it up by one (a secret-id with secret_id_num_uses left at 1
/// is deleted), and issues an orphan service token under auth/&lt;mount&gt;/login with the role's
/// token policies (plus "default"), token_ttl (default 768h), display name "approle" (the mount path,
/// as Vault prefixes it) and metadata {role_name}. Wrong credentials: 400 "invalid role or secret ID".
/// </summary>
internal sealed class AppRoleLoginEndpoint(SandboxCore core)
{
    private const string Invalid = "invalid role or secret ID";

    public void Map(LogicalRouteTable routes) =>
        routes.Map("login", exists: null, (LogicalOperation.Update, Login));

    private ValueTask<LogicalResponse> Login(LogicalRequest request)
    {
        string? error = null;
        LogicalFields.TryGetString(request.Data, "role_id", out string roleId, ref error);
        LogicalFields.TryGetString(request.Data, "secret_id", out string secretId, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        if (roleId.Length == 0)
        {
            return Answer(LogicalResponse.Invalid("missing role_id"));
        }

        string mountPath = request.Mount.Path;
        TokenEntry? issued = null;
        LogicalResponse? refused = null;
        SandboxState? saved = core.Update(state =>
        {
            AppRole? role = AppRoleStore.Roles(state, mountPath).Values.FirstOrDefault(r => r.RoleId == roleId);
            if (role is null)
            {
                refused = LogicalResponse.Invalid(Invalid);
                return state;
            }

            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            if (role.BindSecretId)
            {
                if (secretId.Length == 0)
                {
                    refused = LogicalResponse.Invalid("missing secret_id");
                    return state;
                }

                AppRoleSecretId? used = role.SecretIds.Values.FirstOrDefault(s => AppRoleSecretIdEndpoint.SecretIdMatches(s, secretId) && s.IsLive(now));
                if (used is null)
                {
                    refused = LogicalResponse.Invalid(Invalid);
                    return state;
                }

                role = role with
                {
                    SecretIds = used.NumUses == 1
                        ? role.SecretIds.Remove(used.Accessor)
                        : used.NumUses > 1 ? role.SecretIds.SetItem(used.Accessor, used with { NumUses = used.NumUses - 1, LastUpdatedTime = now }) : role.SecretIds,
                };
                state = AppRoleStore.WithRole(state, mountPath, role.Name, role);
            }

            List<string> policies = [.. role.TokenPolicies];
            if (!role.TokenNoDefaultPolicy && !policies.Contains("default", StringComparer.Ordinal))
            {
                policies.Add("default");
            }

            long ttl = role.TokenTtl > 0 ? role.TokenTtl : LogicalEnvelope.DefaultLeaseSeconds;
            if (role.TokenMaxTtl > 0)
            {
                ttl = Math.Min(ttl, role.TokenMaxTtl);
            }

            if (role.TokenExplicitMaxTtl > 0)
            {
                ttl = Math.Min(ttl, role.TokenExplicitMaxTtl);
            }

            issued = new TokenEntry(
                SecretGenerator.ServiceToken(),
                SecretGenerator.Accessor(),
                [.. policies.Order(StringComparer.Ordinal)],
                mountPath + "login",
                mountPath["auth/".Length..].Replace('/', '-').TrimEnd('-'),
                now)
            {
                Ttl = ttl,
                ExplicitMaxTtl = role.TokenExplicitMaxTtl,
                Orphan = true,
                Renewable = true,
                NumUses = role.TokenNumUses,
                Meta = ImmutableDictionary<string, string>.Empty.Add("role_name", role.Name),
            };
            return state with { Tokens = (state.Tokens ?? ImmutableDictionary<string, TokenEntry>.Empty).SetItem(issued.Id, issued) };
        });
        if (saved is null)
        {
            return Answer(LogicalResponse.Sealed);
        }

        return Answer(refused ?? new LogicalResponse { Auth = issued });
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
