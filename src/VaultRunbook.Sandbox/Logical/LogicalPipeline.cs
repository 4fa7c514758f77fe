using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Audit;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// Vault's handling of a request to a logical path, in its order: the HTTP layer (operation from
/// the method, list flag, PATCH content type, body/query into data), the token (403), the route and
/// the create/update existence check, the ACL (403), the request audit entry, the handler, the
/// response audit entry, then the answer. Denied requests get a request entry with the error
/// "permission denied" and no response entry, as in Vault.
/// </summary>
internal sealed class LogicalPipeline(SandboxCore core, MountRouter router, AuditBroker audit)
{
    private const string MergePatchContentType = "application/merge-patch+json";

    public async ValueTask<SandboxResponse> HandleAsync(SandboxRequest http)
    {
        string path = http.Path["/v1/".Length..];
        LogicalOperation operation;
        JsonObject? data = null;
        string? parseError = null;
        switch (http.Method)
        {
            case "GET":
                operation = LogicalOperation.Read;
                if (http.Query.TryGetFirst("list", out string listText) && listText.Length > 0)
                {
                    if (!GoBool.TryParse(listText, out bool list))
                    {
                        return SandboxResponse.Errors(400);
                    }

                    operation = list ? LogicalOperation.List : LogicalOperation.Read;
                }

                if (operation == LogicalOperation.Read)
                {
                    data = LogicalData.FromQuery(http.Query);
                }

                break;
            case "LIST":
                operation = LogicalOperation.List;
                break;
            case "POST" or "PUT":
                operation = LogicalOperation.Update;
                LogicalData.TryParseBody(http.Body, out data, out parseError);
                break;
            case "DELETE":
                operation = LogicalOperation.Delete;
                data = LogicalData.FromQuery(http.Query);
                break;
            case "PATCH":
                if (http.ContentType != MergePatchContentType)
                {
                    return SandboxResponse.Errors(415, $"PATCH requires Content-Type of {MergePatchContentType}, provided {http.ContentType ?? string.Empty}");
                }

                operation = LogicalOperation.Patch;
                LogicalData.TryParseBody(http.Body, out data, out parseError);
                break;
            default:
                return SandboxResponse.Errors(405);
        }

        if (parseError is not null)
        {
            return SandboxResponse.Errors(400, parseError);
        }

        if (operation == LogicalOperation.List && !path.EndsWith('/'))
        {
            path += "/";
        }

        SandboxState? state = core.State;
        if (state is null)
        {
            return SandboxResponse.Errors(503, "Vault is sealed");
        }

        TokenEntry? auth = core.LookupToken(http.Token);
        ResolvedMount? resolved = router.Resolve(path, state);
        (LogicalRoute Route, IReadOnlyDictionary<string, string> Params)? route = resolved?.Routes.Find(resolved.RelativePath);
        var request = new LogicalRequest(
            SecretGenerator.Uuid(),
            operation,
            path,
            resolved?.Mount ?? new MountEntry(string.Empty, string.Empty, string.Empty, string.Empty, string.Empty),
            resolved?.MountType ?? string.Empty,
            resolved?.RelativePath ?? path,
            data,
            auth,
            http)
        {
            Params = route?.Params ?? new Dictionary<string, string>(),
        };
        if (operation == LogicalOperation.Update && route?.Route.Exists is { } exists && !exists(request))
        {
            request = request with { Operation = LogicalOperation.Create };
        }

        var entry = new AuditRequest(request.Id, Name(request.Operation), path)
        {
            ClientToken = http.Token,
            Auth = auth,
            Data = data,
            MountPoint = resolved?.Mount.Path,
            MountType = resolved?.MountType,
            MountAccessor = resolved?.Mount.Accessor,
            MountClass = resolved?.MountClass,
            MountRunningVersion = resolved?.Mount.RunningVersion,
            RemoteAddress = http.RemoteAddress,
            RemotePort = http.RemotePort,
        };

        bool unauthenticated = SandboxAcl.IsUnauthenticated(path);
        if (auth is null && !unauthenticated)
        {
            audit.LogRequest(entry, "permission denied");
            return SandboxResponse.Errors(403, "permission denied");
        }

        if (auth is not null && !unauthenticated)
        {
            string? granting = SandboxAcl.GrantingPolicy(auth, path);
            if (granting is null)
            {
                audit.LogRequest(entry with { Allowed = false }, "permission denied");
                return SandboxResponse.Errors(403, "permission denied");
            }

            entry = entry with { Allowed = true, GrantingPolicy = granting };
            request = request with { GrantingPolicy = granting };
        }

        if (!audit.LogRequest(entry, error: null))
        {
            return SandboxResponse.Errors(500, "internal error");
        }

        LogicalResponse response = route?.Route.HandlerFor(request.Operation) is { } handler
            ? await handler(request).ConfigureAwait(false)
            : resolved is null ? LogicalResponse.NoHandler(path) : route is null ? LogicalResponse.UnsupportedPath : LogicalResponse.UnsupportedOperation;
        if (request.Operation is LogicalOperation.Read or LogicalOperation.List && IsNothing(response, request.Operation))
        {
            response = LogicalResponse.NotFound;
        }

        var answer = new AuditResponse(response.Data)
        {
            IssuedToken = response.Auth,
            Warnings = response.Warnings,
            HasSecret = response.LeaseDuration is not null,
        };
        if (!audit.LogResponse(entry, answer, response.AuditError))
        {
            return SandboxResponse.Errors(500, "internal error");
        }

        return LogicalEnvelope.Render(request.Id, response, resolved?.MountType ?? string.Empty);
    }

    /// <summary>The operation as the audit log writes it.</summary>
    public static string Name(LogicalOperation operation) => operation.ToString().ToLowerInvariant();

    /// <summary>A read that returned nothing, or a list without keys: Vault's HTTP layer answers 404.</summary>
    private static bool IsNothing(LogicalResponse response, LogicalOperation operation) =>
        response.Errors is null && response.RawBody is null && (operation == LogicalOperation.List
            ? response.Data is null || !response.Data.ContainsKey("keys")
            : response.Data is null && response.Warnings is null && response.Auth is null);
}
