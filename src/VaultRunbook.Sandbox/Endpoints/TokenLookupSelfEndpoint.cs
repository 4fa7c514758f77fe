using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET (or POST/PUT) auth/token/lookup-self (vault-api-notes §5). A root token has ttl 0, a null
/// expire_time and no renewable/issue_time; a created token has its TTL, expiry and issue time.
/// </summary>
internal sealed class TokenLookupSelfEndpoint
{
    // "lookup-self/" too, so LIST (which appends "/") finds the path and answers 405.
    public void Map(LogicalRouteTable routes) =>
        routes.Map("lookup-self/?", exists: null, (LogicalOperation.Read, LookupSelf), (LogicalOperation.Update, LookupSelf));

    /// <summary>The lookup data of a token (a Go map: the writer sorts it); looked up by accessor, id is "".</summary>
    public static JsonObject Describe(TokenEntry token, bool withId = true)
    {
        JsonObject? meta = null;
        if (token.Meta is { Count: > 0 })
        {
            meta = [];
            foreach (KeyValuePair<string, string> pair in token.Meta)
            {
                meta[pair.Key] = pair.Value;
            }
        }

        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var data = new JsonObject
        {
            ["accessor"] = token.Accessor,
            ["creation_time"] = token.CreationTime,
            ["creation_ttl"] = token.Ttl,
            ["display_name"] = token.DisplayName,
            ["entity_id"] = string.Empty,
            ["expire_time"] = token.ExpireTime is { } expires ? GoTime.Rfc3339Nano(expires.UtcDateTime) : null,
            ["explicit_max_ttl"] = token.ExplicitMaxTtl,
            ["id"] = withId ? token.Id : string.Empty,
            ["meta"] = meta,
            ["num_uses"] = token.NumUses,
            ["orphan"] = token.Orphan,
            ["path"] = token.Path,
            ["policies"] = new JsonArray([.. token.Policies.Select(p => (JsonNode?)p)]),
            ["ttl"] = token.ExpireTime is { } end ? Math.Max(0, end.ToUnixTimeSeconds() - now) : 0,
            ["type"] = "service",
        };
        if (token.Ttl > 0)
        {
            data["issue_time"] = GoTime.Rfc3339Nano(DateTimeOffset.FromUnixTimeSeconds(token.CreationTime).UtcDateTime);
            data["renewable"] = token.Renewable;
            if (token.LastRenewalTime is { } renewed)
            {
                data["last_renewal"] = GoTime.Rfc3339Nano(DateTimeOffset.FromUnixTimeSeconds(renewed).UtcDateTime);
                data["last_renewal_time"] = renewed;
            }
        }

        return data;
    }

    private static ValueTask<LogicalResponse> LookupSelf(LogicalRequest request) =>
        ValueTask.FromResult(LogicalResponse.Ok(Describe(request.Auth!)));
}
