namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// What a handler answers: a status and an optional JSON body (already ending with "\n").
/// Every response carries Cache-Control: no-store and a Content-Type (application/json unless set).
/// A status outside 100..999 makes the server drop the connection, as Go's net/http does.
/// </summary>
internal sealed record SandboxResponse(int Status, string? Body)
{
    /// <summary>The Content-Type header; application/json unless a handler answers in another format (sys/metrics).</summary>
    public string ContentType { get; init; } = "application/json";

    /// <summary>The Location header (a standby's 307 to the active node), or null.</summary>
    public string? Location { get; init; }
    /// <summary>A binary body (a raft snapshot), sent instead of <see cref="Body"/>.</summary>
    public byte[]? Bytes { get; init; }

    /// <summary>The Content-Disposition header, when the answer is a file to save (a raft snapshot).</summary>
    public string? ContentDisposition { get; init; }

    public static SandboxResponse NoContent { get; } = new(204, null);

    public static SandboxResponse Json(int status, GoJsonWriter body) => new(status, body.ToString());

    /// <summary>Vault's error body: {"errors":[...]}; no messages gives {"errors":[]}.</summary>
    public static SandboxResponse Errors(int status, params string[] messages) =>
        new(status, new GoJsonWriter().BeginObject().StringArray("errors", messages).EndObject().ToString());
}
