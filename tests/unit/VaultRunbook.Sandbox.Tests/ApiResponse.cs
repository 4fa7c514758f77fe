using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>One HTTP answer from the sandbox, with its raw body.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, string Raw, string? ContentType, bool NoStore)
{
    public int Code => (int)Status;

    public JsonElement Json
    {
        get
        {
            using JsonDocument document = JsonDocument.Parse(Raw);
            return document.RootElement.Clone();
        }
    }

    public string[] Errors => Json.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();

    /// <summary>Top-level member names in the order they appear on the wire.</summary>
    public string[] Keys => Json.EnumerateObject().Select(p => p.Name).ToArray();
}
