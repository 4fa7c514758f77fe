using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// auth/token/lookup and lookup-accessor (vault-api-notes §5). lookup takes {token} (GET takes it
/// from the query; an empty one looks up the caller) and answers an unknown token with 403
/// "bad token"; lookup-accessor takes {accessor}, blanks the id, and answers an unknown accessor
/// with 400 "invalid accessor".
/// </summary>
internal sealed class TokenLookupEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes)
    {
        routes.Map("lookup", exists: null, (LogicalOperation.Read, Lookup), (LogicalOperation.Update, Lookup));
        routes.Map("lookup-accessor", exists: null, (LogicalOperation.Update, LookupAccessor));
    }

    private ValueTask<LogicalResponse> Lookup(LogicalRequest request)
    {
        string? error = null;
        LogicalFields.TryGetString(request.Data, "token", out string id, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        if (id.Length == 0)
        {
            return Answer(LogicalResponse.Ok(TokenLookupSelfEndpoint.Describe(request.Auth!)));
        }

        TokenEntry? token = core.State is { } state ? TokenTree.ById(state, id) : null;
        return Answer(token is null ? LogicalResponse.Denied("bad token") : LogicalResponse.Ok(TokenLookupSelfEndpoint.Describe(token)));
    }

    private ValueTask<LogicalResponse> LookupAccessor(LogicalRequest request)
    {
        string? error = null;
        LogicalFields.TryGetString(request.Data, "accessor", out string accessor, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        TokenEntry? token = core.State is { } state && accessor.Length > 0 ? TokenTree.ByAccessor(state, accessor) : null;
        return Answer(token is null ? LogicalResponse.Invalid("invalid accessor") : LogicalResponse.Ok(TokenLookupSelfEndpoint.Describe(token, withId: false)));
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
