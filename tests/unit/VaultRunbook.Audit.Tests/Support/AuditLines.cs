using System.Text.Json;

namespace VaultRunbook.Audit.Tests.Support;

/// <summary>
/// Builds audit lines in Vault's file-device shape for tests: new (alphabetical) or old (time, type first) key
/// order; values JSON-encoded as Go does (&lt; &gt; &amp; escaped), or a raw JSON text for the path to test escapes.
/// </summary>
public static class AuditLines
{
    public static string Entry(
        string type = "request",
        string path = "secret/data/app",
        string operation = "read",
        string displayName = "userpass-alice",
        string time = "2025-06-04T20:02:46.117181Z",
        string? error = null,
        string remoteAddress = "10.0.0.1",
        string accessor = "hmac-sha256:0a0a",
        string clientToken = "hmac-sha256:0c0c",
        string? requestClientToken = null,
        string requestId = "79cc9b26-488f-eabf-2a97-303ed3bef0d6",
        bool oldOrder = false,
        string? responseDataJson = null,
        string? requestDataJson = null,
        string? pathJson = null,
        string? namespaceJson = null)
    {
        var auth = $"\"auth\":{{\"accessor\":{S(accessor)},\"client_token\":{S(clientToken)},\"display_name\":{S(displayName)},\"policies\":[\"default\",\"app\"],\"token_type\":\"service\"}}";
        var request = "\"request\":{" +
            $"\"client_token\":{S(requestClientToken ?? clientToken)},\"client_token_accessor\":{S(accessor)}," +
            (requestDataJson is null ? string.Empty : $"\"data\":{requestDataJson},") +
            $"\"id\":{S(requestId)},\"mount_point\":\"secret/\",\"mount_type\":\"kv\",\"namespace\":{namespaceJson ?? "{\"id\":\"root\"}"}," +
            $"\"operation\":{S(operation)},\"path\":{pathJson ?? S(path)},\"remote_address\":{S(remoteAddress)},\"remote_port\":51234}}";
        var response = type == "response"
            ? $",\"response\":{{\"mount_point\":\"secret/\",\"mount_type\":\"kv\"{(responseDataJson is null ? string.Empty : ",\"data\":" + responseDataJson)}}}"
            : string.Empty;
        var errorPart = error is null ? string.Empty : $"\"error\":{S(error)},";
        return oldOrder
            ? $"{{\"time\":{S(time)},\"type\":{S(type)},{auth},{errorPart}{request}{response}}}"
            : $"{{{auth},{errorPart}{request}{response},\"time\":{S(time)},\"type\":{S(type)}}}";
    }

    /// <summary>A JSON string literal (quotes included), encoded the way Go's encoder does.</summary>
    public static string S(string value) => JsonSerializer.Serialize(value);
}
