using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// auth/token/revoke, revoke-self, revoke-accessor and revoke-orphan (vault-api-notes §5), all 204:
/// revoke takes the token's descendants with it and answers 204 for an unknown token too;
/// revoke-accessor is idempotent (an unknown accessor: 200 with the warning "No token found with
/// this accessor"); revoke-orphan needs root or sudo (400 otherwise), answers an unknown token with
/// 400 "token to revoke not found", and makes the children orphans.
/// </summary>
internal sealed class TokenRevokeEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes)
    {
        routes.Map("revoke", exists: null, (LogicalOperation.Update, Revoke));
        routes.Map("revoke-self", exists: null, (LogicalOperation.Update, RevokeSelf));
        routes.Map("revoke-accessor", exists: null, (LogicalOperation.Update, RevokeAccessor));
        routes.Map("revoke-orphan", exists: null, (LogicalOperation.Update, RevokeOrphan));
    }

    private ValueTask<LogicalResponse> Revoke(LogicalRequest request)
    {
        if (Field(request, "token", out string id) is { } invalid)
        {
            return Answer(invalid);
        }

        if (id.Length == 0)
        {
            return Answer(LogicalResponse.Invalid("missing token"));
        }

        return Answer(Change(state => TokenTree.ById(state, id) is { } token ? TokenTree.RevokeTree(state, token) : state));
    }

    private ValueTask<LogicalResponse> RevokeSelf(LogicalRequest request) =>
        Answer(Change(state => TokenTree.ById(state, request.Auth!.Id) is { } token ? TokenTree.RevokeTree(state, token) : state));

    private ValueTask<LogicalResponse> RevokeAccessor(LogicalRequest request)
    {
        if (Field(request, "accessor", out string accessor) is { } invalid)
        {
            return Answer(invalid);
        }

        if (accessor.Length == 0)
        {
            return Answer(LogicalResponse.Invalid("missing accessor"));
        }

        LogicalResponse done = ChangeFound(state => TokenTree.ByAccessor(state, accessor), TokenTree.RevokeTree, out bool found);
        return Answer(done.Status == 204 && !found ? new LogicalResponse { Warnings = ["No token found with this accessor"] } : done);
    }

    private ValueTask<LogicalResponse> RevokeOrphan(LogicalRequest request)
    {
        if (Field(request, "token", out string id) is { } invalid)
        {
            return Answer(invalid);
        }

        if (!SandboxAcl.HasSudo(request.Auth!, request.Path))
        {
            return Answer(LogicalResponse.Invalid("root or sudo privileges required to revoke and orphan"));
        }

        if (id.Length == 0)
        {
            return Answer(LogicalResponse.Invalid("missing token"));
        }

        LogicalResponse done = ChangeFound(state => TokenTree.ById(state, id), TokenTree.RevokeOrphan, out bool found);
        return Answer(done.Status == 204 && !found ? LogicalResponse.Invalid("token to revoke not found") : done);
    }

    private LogicalResponse Change(Func<SandboxState, SandboxState> change) =>
        core.Update(change) is null ? LogicalResponse.Sealed : LogicalResponse.Empty;

    /// <summary>Revokes the token <paramref name="find"/> gives, if any; <paramref name="found"/> says whether there was one.</summary>
    private LogicalResponse ChangeFound(Func<SandboxState, TokenEntry?> find, Func<SandboxState, TokenEntry, SandboxState> revoke, out bool found)
    {
        bool any = false;
        LogicalResponse done = Change(state =>
        {
            TokenEntry? token = find(state);
            any = token is not null;
            return token is null ? state : revoke(state, token);
        });
        found = any;
        return done;
    }

    private static LogicalResponse? Field(LogicalRequest request, string name, out string value)
    {
        string? error = null;
        LogicalFields.TryGetString(request.Data, name, out value, ref error);
        return error is null ? null : LogicalResponse.Invalid(error);
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
