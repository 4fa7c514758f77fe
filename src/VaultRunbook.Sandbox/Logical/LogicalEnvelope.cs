using System.Text;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// Turns a <see cref="LogicalResponse"/> into the HTTP answer (vault-api-notes §0.3-0.5): the
/// envelope in Vault's HTTPResponse struct order, data as a Go map (sorted keys), and for the
/// sys paths that inject data, every data key repeated first at the top level (as Vault's
/// HTTPSysInjector writes them; the encoder's compaction removes its spaces).
/// </summary>
internal static class LogicalEnvelope
{
    /// <summary>A token's default lease: 768h, Vault's system max TTL.</summary>
    public const long DefaultLeaseSeconds = 2764800;

    public static SandboxResponse Render(string requestId, LogicalResponse response, string mountType)
    {
        if (response.RawBody is not null)
        {
            return new SandboxResponse(response.Status, response.RawBody);
        }

        if (response.Errors is not null)
        {
            return SandboxResponse.Errors(response.Status, [.. response.Errors]);
        }

        if (response.Data is null && response.Warnings is null && response.Auth is null && response.LeaseDuration is null)
        {
            return SandboxResponse.NoContent;
        }

        string envelope = Write(requestId, response, mountType).ToString();
        if (!response.InjectData || response.Data is not { Count: > 0 } data)
        {
            return new SandboxResponse(response.Status, envelope);
        }

        var body = new StringBuilder("{");
        foreach (KeyValuePair<string, JsonNode?> member in data.OrderBy(m => m.Key, GoStringComparer.Instance))
        {
            body.Append(new GoJsonWriter().String(null, member.Key).ToCompactString())
                .Append(':')
                .Append(new GoJsonWriter().Node(null, member.Value).ToCompactString())
                .Append(',');
        }

        body.Append(envelope, 1, envelope.Length - 1);
        return new SandboxResponse(response.Status, body.ToString());
    }

    /// <summary>The envelope object: request_id, lease_id, renewable, lease_duration, data, wrap_info, warnings, auth, mount_type.</summary>
    public static GoJsonWriter Write(string requestId, LogicalResponse response, string mountType)
    {
        var body = new GoJsonWriter().BeginObject()
            .String("request_id", requestId)
            .String("lease_id", string.Empty)
            .Bool("renewable", false)
            .Number("lease_duration", response.LeaseDuration ?? 0)
            .Node("data", response.Data)
            .Null("wrap_info")
            .StringArray("warnings", response.Warnings);
        if (response.Auth is { } token)
        {
            WriteAuth(body, token);
        }
        else
        {
            body.Null("auth");
        }

        return body.String("mount_type", mountType).EndObject();
    }

    /// <summary>The auth block of a token-issuing response (Vault's HTTPAuth order).</summary>
    public static void WriteAuth(GoJsonWriter body, TokenEntry token)
    {
        body.BeginObject("auth")
            .String("client_token", token.Id)
            .String("accessor", token.Accessor)
            .StringArray("policies", token.Policies)
            .StringArray("token_policies", token.Policies);
        if (token.Meta is { Count: > 0 } meta)
        {
            var map = new JsonObject();
            foreach (KeyValuePair<string, string> pair in meta)
            {
                map[pair.Key] = pair.Value;
            }

            body.Node("metadata", map);
        }
        else
        {
            body.Null("metadata");
        }

        body.Number("lease_duration", token.Lease)
            .Bool("renewable", token.Renewable)
            .String("entity_id", string.Empty)
            .String("token_type", "service")
            .Bool("orphan", token.Orphan)
            .Null("mfa_requirement")
            .Number("num_uses", token.NumUses)
            .EndObject();
    }
}
