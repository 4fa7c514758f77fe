using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// What a logical handler answers, shaped like Vault's logical.Response so one value feeds both the
/// HTTP answer and the audit log:
/// <list type="bullet">
/// <item>success: <see cref="Data"/>, <see cref="Warnings"/>, <see cref="Auth"/> (nothing at all: 204);</item>
/// <item>an error: <see cref="Status"/> and <see cref="Errors"/>, with Vault's error data {"error": msg}
/// for the audit log and the outer error (e.g. "invalid request") for its <c>error</c> field;</item>
/// <item>a raw answer (logical.RespondWithStatusCode): <see cref="RawBody"/>, with Data holding
/// http_content_type, http_raw_body and http_status_code as Vault audits them.</item>
/// </list>
/// </summary>
internal sealed record LogicalResponse
{
    public int Status { get; init; } = 200;

    public JsonObject? Data { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>A token this response issues (auth/token/create).</summary>
    public TokenEntry? Auth { get; init; }

    /// <summary>Set when the response carries a secret with a lease duration (KV v1 reads).</summary>
    public long? LeaseDuration { get; init; }

    /// <summary>The {"errors":[...]} messages; null for a success.</summary>
    public IReadOnlyList<string>? Errors { get; init; }

    /// <summary>The audit entry's top-level <c>error</c>.</summary>
    public string? AuditError { get; init; }

    /// <summary>The body of a raw answer, sent as is ("" sends none).</summary>
    public string? RawBody { get; init; }

    /// <summary>Repeat every key of data at the top level of the body (vault-api-notes §0.5).</summary>
    public bool InjectData { get; init; }

    /// <summary>A nil response: 204, or 404 for a read or list.</summary>
    public static LogicalResponse Empty { get; } = new() { Status = 204 };

    /// <summary>404 {"errors":[]}: what a read that found nothing answers.</summary>
    public static LogicalResponse NotFound { get; } = new() { Status = 404, Errors = [] };

    public static LogicalResponse Ok(JsonObject data) => new() { Data = data };

    /// <summary>logical.ErrorResponse(msg) with ErrInvalidRequest (or with no outer error): 400.</summary>
    public static LogicalResponse Invalid(string message, bool outerError = true) => new()
    {
        Status = 400,
        Errors = [message],
        Data = new JsonObject { ["error"] = message },
        AuditError = outerError ? "invalid request" : null,
    };

    /// <summary>403 with <paramref name="message"/> (Vault's ErrPermissionDenied).</summary>
    public static LogicalResponse Denied(string message = "permission denied") => new()
    {
        Status = 403,
        Errors = [message],
        Data = message == "permission denied" ? null : new JsonObject { ["error"] = message },
        AuditError = "permission denied",
    };

    /// <summary>405 {"errors":[]}: the path exists but not for this operation.</summary>
    public static LogicalResponse UnsupportedOperation { get; } = new() { Status = 405, Errors = [], AuditError = "unsupported operation" };

    /// <summary>404 {"errors":[]}: no route matches the path.</summary>
    public static LogicalResponse UnsupportedPath { get; } = new() { Status = 404, Errors = [], AuditError = "unsupported path" };

    /// <summary>404 from Vault's router when no mount serves the path: "no handler for route \"PATH\". route entry not found."</summary>
    public static LogicalResponse NoHandler(string path) => new()
    {
        Status = 404,
        Errors = [$"no handler for route \"{path}\". route entry not found."],
        AuditError = "unsupported path",
    };

    /// <summary>503 "Vault is sealed": the server sealed while the request ran.</summary>
    public static LogicalResponse Sealed { get; } = new() { Status = 503, Errors = ["Vault is sealed"], AuditError = "Vault is sealed" };

    /// <summary>
    /// logical.RespondWithStatusCode: <paramref name="inner"/> encoded (json.Marshal: compact, no
    /// newline) as the full envelope with the request id and an empty mount_type; null inner sends no body.
    /// </summary>
    public static LogicalResponse Raw(LogicalRequest request, int status, LogicalResponse? inner)
    {
        var data = new JsonObject
        {
            ["http_content_type"] = "application/json",
            ["http_status_code"] = status,
        };
        string body = string.Empty;
        if (inner is not null)
        {
            body = LogicalEnvelope.Write(request.Id, inner, mountType: string.Empty).ToCompactString();
            data["http_raw_body"] = body;
        }

        return new LogicalResponse { Status = status, Data = data, RawBody = body };
    }
}
