using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// auth/token/renew {token, increment}, renew-self {increment} and renew-accessor {accessor,
/// increment}: the lease restarts now with the increment (default: the token's creation TTL), capped
/// by its explicit max TTL and the system max (768h) counted from its creation. The answer is the
/// auth block. A token without a lease (root) is answered as it is; one that is not renewable gets
/// 400 "lease is not renewable"; an unknown one 400 "token not found".
/// </summary>
internal sealed class TokenRenewEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes)
    {
        routes.Map("renew", exists: null, (LogicalOperation.Update, request => Renew(request, "token")));
        routes.Map("renew-self", exists: null, (LogicalOperation.Update, request => Renew(request, field: null)));
        routes.Map("renew-accessor", exists: null, (LogicalOperation.Update, request => Renew(request, "accessor")));
    }

    private ValueTask<LogicalResponse> Renew(LogicalRequest request, string? field)
    {
        string? error = null;
        string key = string.Empty;
        if (field is not null)
        {
            LogicalFields.TryGetString(request.Data, field, out key, ref error);
        }

        LogicalFields.TryGetDuration(request.Data, "increment", allowNegative: false, out long increment, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        if (field is not null && key.Length == 0)
        {
            return Answer(LogicalResponse.Invalid($"missing {field}"));
        }

        TokenEntry? renewed = null;
        LogicalResponse? refused = null;
        SandboxState? saved = core.Update(state =>
        {
            TokenEntry? token = field switch
            {
                null => TokenTree.ById(state, request.Auth!.Id),
                "accessor" => TokenTree.ByAccessor(state, key),
                _ => TokenTree.ById(state, key),
            };
            if (token is null)
            {
                refused = LogicalResponse.Invalid("token not found");
                return state;
            }

            if (token.Lease == 0)
            {
                renewed = token;
                return state;
            }

            if (!token.Renewable)
            {
                refused = LogicalResponse.Invalid("lease is not renewable");
                return state;
            }

            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            long ttl = increment > 0 ? increment : token.Ttl;
            long systemMax = token.CreationTime + LogicalEnvelope.DefaultLeaseSeconds - now;
            ttl = Math.Min(ttl, systemMax);
            if (token.ExplicitMaxTtl > 0)
            {
                ttl = Math.Min(ttl, token.CreationTime + token.ExplicitMaxTtl - now);
            }

            renewed = token with { LastRenewalTime = now, RenewedTtl = Math.Max(1, ttl) };
            return state with { Tokens = state.Tokens!.SetItem(token.Id, renewed) };
        });
        if (saved is null)
        {
            return Answer(LogicalResponse.Sealed);
        }

        return Answer(refused ?? new LogicalResponse { Auth = field == "accessor" ? renewed! with { Id = string.Empty } : renewed });
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
