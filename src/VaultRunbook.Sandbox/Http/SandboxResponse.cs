namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// What a handler answers: a status and an optional JSON body (already ending with "\n").
/// Every response also carries Content-Type: application/json and Cache-Control: no-store.
/// A status outside 100..999 makes the server drop the connection, as Go's net/http does.
/// </summary>
internal sealed record SandboxResponse(int Status, string? Body)
{
    public static SandboxResponse NoContent { get; } = new(204, null);

    public static SandboxResponse Json(int status, GoJsonWriter body) => new(status, body.ToString());

    /// <summary>Vault's error body: {"errors":[...]}; no messages gives {"errors":[]}.</summary>
    public static SandboxResponse Errors(int status, params string[] messages) =>
        new(status, new GoJsonWriter().BeginObject().StringArray("errors", messages).EndObject().ToString());
}
