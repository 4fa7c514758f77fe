using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET (or POST/PUT) /v1/auth/token/lookup-self (vault-api-notes §5): a logical path, so it gets
/// the standard response envelope. The dispatcher has already checked seal state and token.
/// </summary>
internal sealed class TokenLookupSelfEndpoint
{
    public void Map(RouteTable routes) =>
        routes.Map("/v1/auth/token/lookup-self", RouteAccess.Token, ("GET", LookupSelf), ("POST", LookupSelf), ("PUT", LookupSelf));

    private static ValueTask<SandboxResponse> LookupSelf(SandboxRequest request)
    {
        TokenEntry token = request.Auth!;

        // Envelope in Vault's HTTPResponse order; data is a Go map, so its keys come out sorted.
        var body = new GoJsonWriter().BeginObject()
            .String("request_id", SecretGenerator.Uuid())
            .String("lease_id", string.Empty)
            .Bool("renewable", false)
            .Number("lease_duration", 0)
            .BeginObject("data")
                .String("accessor", token.Accessor)
                .Number("creation_time", token.CreationTime)
                .Number("creation_ttl", 0)
                .String("display_name", token.DisplayName)
                .String("entity_id", string.Empty)
                .Null("expire_time")
                .Number("explicit_max_ttl", 0)
                .String("id", token.Id)
                .Null("meta")
                .Number("num_uses", 0)
                .Bool("orphan", true)
                .String("path", token.Path)
                .StringArray("policies", token.Policies)
                .Number("ttl", 0)
                .String("type", "service")
            .EndObject()
            .Null("wrap_info")
            .Null("warnings")
            .Null("auth")
            .String("mount_type", "token")
            .EndObject();
        return ValueTask.FromResult(SandboxResponse.Json(200, body));
    }
}
