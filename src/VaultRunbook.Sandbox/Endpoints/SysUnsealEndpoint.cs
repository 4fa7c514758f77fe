using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Crypto;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>PUT|POST /v1/sys/unseal (vault-api-notes §2.2). No token; answers with the seal-status object.</summary>
internal sealed class SysUnsealEndpoint(SandboxCore core)
{
    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/unseal", RouteAccess.Unauthenticated, ("PUT", Put), ("POST", Put));

    /// <summary>
    /// Vault's decoding: hex is used only when it decodes to 16..33 bytes; otherwise the key is
    /// read as padded standard base64. Null when neither works.
    /// </summary>
    internal static byte[]? DecodeKey(string key)
    {
        byte[]? hex = GoEncoding.TryDecodeHex(key);
        if (hex is not null && hex.Length is >= SandboxCore.MinKeyLength and <= SandboxCore.MaxKeyLength)
        {
            return hex;
        }

        return GoEncoding.TryDecodeStdBase64(key);
    }

    private ValueTask<SandboxResponse> Put(SandboxRequest request)
    {
        RequestJson? json = RequestJson.TryParse(request.Body, "UnsealRequest", out string? error);
        if (json is null)
        {
            return Fail(400, error!);
        }

        // The request struct has no JSON tags: "Key", "key", "KEY" all match.
        string? key = json.GetString("Key", "Key", ref error);
        bool reset = json.GetBool("Reset", "Reset", ref error);
        bool migrate = json.GetBool("Migrate", "Migrate", ref error);
        if (error is not null)
        {
            return Fail(400, error);
        }

        if (reset)
        {
            SealStatus? status = core.ResetUnseal();
            return status is null
                ? Fail(400, "vault is unsealed")
                : ValueTask.FromResult(SysSealStatusEndpoint.Render(status));
        }

        if (string.IsNullOrEmpty(key))
        {
            return Fail(400, "'key' must be specified in request body as JSON, or 'reset' set to true");
        }

        byte[]? decoded = DecodeKey(key);
        if (decoded is null)
        {
            return Fail(400, "'key' must be a valid hex or base64 string");
        }

        if (migrate)
        {
            // The sandbox never has a migration seal.
            Array.Clear(decoded);
            return Fail(400, "can't perform a seal migration, no migration seal found");
        }

        try
        {
            CoreResult<SealStatus> result = core.SubmitUnsealKey(decoded);
            return result.Error is { } failure
                ? Fail(failure.Status, failure.Message)
                : ValueTask.FromResult(SysSealStatusEndpoint.Render(result.Value!));
        }
        finally
        {
            Array.Clear(decoded);
        }
    }

    private static ValueTask<SandboxResponse> Fail(int status, string message) =>
        ValueTask.FromResult(SandboxResponse.Errors(status, message));
}
