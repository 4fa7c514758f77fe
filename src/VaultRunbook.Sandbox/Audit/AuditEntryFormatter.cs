using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Audit;

/// <summary>
/// Writes one file-audit line (vault-api-notes §8.2) in the field order of Vault's audit entry
/// structs (alphabetical at the top level: auth, error, request, response, time, type), with
/// omitempty fields left out and values hashed unless the device logs raw.
/// </summary>
internal static class AuditEntryFormatter
{
    public static string Format(AuditDevice device, string type, DateTime time, AuditRequest request, AuditResponse? response, string? error)
    {
        AuditHasher? hasher = device.LogRaw ? null : new AuditHasher(device.Salt);
        bool hmacAccessor = device.HmacAccessor;
        var line = new GoJsonWriter().BeginObject();
        WriteAuth(line, "auth", request.Auth, request.ClientToken, hasher, hmacAccessor, request);
        if (!string.IsNullOrEmpty(error))
        {
            line.String("error", error);
        }

        WriteRequest(line, request, hasher, hmacAccessor);
        if (response is not null)
        {
            WriteResponse(line, request, response, hasher, hmacAccessor);
        }

        return line.String("time", GoTime.Rfc3339Nano(time)).String("type", type).EndObject().ToString();
    }

    private static string Protect(string value, AuditHasher? hasher) => hasher?.Hash(value) ?? value;

    private static string ProtectAccessor(string value, AuditHasher? hasher, bool hmacAccessor) =>
        hmacAccessor ? Protect(value, hasher) : value;

    /// <summary>An audit.Auth object: the caller (policy results from the request) or an issued token.</summary>
    private static void WriteAuth(GoJsonWriter line, string name, TokenEntry? token, string? clientToken, AuditHasher? hasher, bool hmacAccessor, AuditRequest? request)
    {
        line.BeginObject(name);
        if (token is null)
        {
            // Vault formats a missing auth as a zero logical.Auth: only the token type survives omitempty.
            if (!string.IsNullOrEmpty(clientToken))
            {
                line.String("client_token", Protect(clientToken, hasher));
            }

            WritePolicyResults(line, request);
            line.String("token_type", "default").EndObject();
            return;
        }

        line.String("accessor", ProtectAccessor(token.Accessor, hasher, hmacAccessor))
            .String("client_token", Protect(token.Id, hasher))
            .String("display_name", token.DisplayName);
        if (token.Meta is { Count: > 0 } meta)
        {
            var map = new JsonObject();
            foreach (KeyValuePair<string, string> pair in meta)
            {
                map[pair.Key] = pair.Value;
            }

            line.Node("metadata", map);
        }

        if (token.NumUses > 0)
        {
            line.Number("num_uses", token.NumUses);
        }

        line.StringArray("policies", token.Policies);
        WritePolicyResults(line, request);
        line.StringArray("token_policies", token.Policies)
            .String("token_issue_time", GoTime.Rfc3339(DateTimeOffset.FromUnixTimeSeconds(token.CreationTime)));
        if (token.Ttl > 0)
        {
            line.Number("token_ttl", token.Ttl);
        }

        line.String("token_type", "service").EndObject();
    }

    private static void WritePolicyResults(GoJsonWriter line, AuditRequest? request)
    {
        if (request?.Allowed is not { } allowed)
        {
            return;
        }

        line.BeginObject("policy_results").Bool("allowed", allowed);
        if (allowed && request.GrantingPolicy is { } policy)
        {
            line.BeginArray("granting_policies")
                .BeginObject().String("name", policy).String("namespace_id", "root").String("type", "acl").EndObject()
                .EndArray();
        }

        line.EndObject();
    }

    private static void WriteRequest(GoJsonWriter line, AuditRequest request, AuditHasher? hasher, bool hmacAccessor)
    {
        line.BeginObject("request");
        if (!string.IsNullOrEmpty(request.ClientToken))
        {
            line.String("client_token", Protect(request.ClientToken, hasher));
        }

        if (request.Auth is { } auth)
        {
            line.String("client_token_accessor", ProtectAccessor(auth.Accessor, hasher, hmacAccessor));
        }

        if (request.Data is { Count: > 0 } data)
        {
            line.Node("data", hasher is null ? data : hasher.HashTree(data));
        }

        line.String("id", request.Id);
        WriteMount(line, request, "mount_running_version");
        if (request.HasNamespace)
        {
            line.BeginObject("namespace").String("id", "root").EndObject();
        }

        line.String("operation", request.Operation).String("path", request.Path);
        if (!string.IsNullOrEmpty(request.RemoteAddress))
        {
            line.String("remote_address", request.RemoteAddress);
        }

        if (request.RemotePort > 0)
        {
            line.Number("remote_port", request.RemotePort);
        }

        line.EndObject();
    }

    private static void WriteResponse(GoJsonWriter line, AuditRequest request, AuditResponse response, AuditHasher? hasher, bool hmacAccessor)
    {
        line.BeginObject("response");
        if (response.IssuedToken is { } issued)
        {
            WriteAuth(line, "auth", issued, issued.Id, hasher, hmacAccessor, request: null);
        }

        if (response.Data is { Count: > 0 } data)
        {
            line.Node("data", hasher is null ? data : hasher.HashTree(data));
        }

        WriteMount(line, request, "mount_running_plugin_version");
        if (response.HasSecret)
        {
            line.BeginObject("secret").EndObject();
        }

        if (response.Warnings is { Count: > 0 } warnings)
        {
            line.StringArray("warnings", warnings);
        }

        line.EndObject();
    }

    /// <summary>mount_accessor, mount_class, mount_point, the running version (named per side), mount_type; each omitted when empty.</summary>
    private static void WriteMount(GoJsonWriter line, AuditRequest request, string versionField)
    {
        void Optional(string field, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                line.String(field, value);
            }
        }

        Optional("mount_accessor", request.MountAccessor);
        Optional("mount_class", request.MountClass);
        Optional("mount_point", request.MountPoint);
        Optional(versionField, request.MountRunningVersion);
        Optional("mount_type", request.MountType);
    }
}
