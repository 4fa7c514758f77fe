using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.RootToken;

/// <summary>
/// sys/generate-root/attempt and sys/generate-root/update (vault-api-notes section 4). Restricted to the root
/// namespace. Vault up to 1.21 needs no token; Vault 2.0 does, so the token is sent when there is one. Vault's
/// 400 answers are mapped onto stable ErrorIds by <see cref="RootTokenErrors"/>.
/// </summary>
public static class VaultRootTokenApi
{
    private const string AttemptPath = "sys/generate-root/attempt";
    private const string UpdatePath = "sys/generate-root/update";

    public static async Task<RootTokenGenerationStatus> GetRootTokenGenerationAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        var response = await SendAsync(client, new VaultRequest { Method = "GET", Path = AttemptPath, UseNamespace = false, Idempotent = true }, null, cancellationToken)
            .ConfigureAwait(false);
        return Parse(response, AttemptPath);
    }

    /// <summary>Starts an attempt; without <paramref name="otp"/> the node makes the OTP and returns it in this answer only.</summary>
    public static async Task<RootTokenGenerationStatus> StartRootTokenGenerationAsync(this IVaultClient client, SensitiveString? otp, CancellationToken cancellationToken)
    {
        var body = new JsonObject();
        if (otp is not null)
        {
            body["otp"] = otp.Reveal();
        }

        var response = await SendAsync(client, new VaultRequest { Method = "PUT", Path = AttemptPath, Body = body, UseNamespace = false }, null, cancellationToken)
            .ConfigureAwait(false);
        var status = Parse(response, AttemptPath);
        return status.Otp is null && otp is not null ? status with { Otp = otp } : status;
    }

    /// <summary>Cancels the attempt and discards its progress (Vault answers 204 also when none runs).</summary>
    public static Task CancelRootTokenGenerationAsync(this IVaultClient client, CancellationToken cancellationToken) =>
        SendAsync(client, new VaultRequest { Method = "DELETE", Path = AttemptPath, UseNamespace = false, Idempotent = true }, null, cancellationToken);

    /// <summary>Submits one unseal key share for the attempt with <paramref name="nonce"/>. Not idempotent.</summary>
    public static async Task<RootTokenGenerationStatus> SubmitRootTokenKeyAsync(this IVaultClient client, SensitiveString key, string nonce, CancellationToken cancellationToken)
    {
        var request = new VaultRequest
        {
            Method = "PUT",
            Path = UpdatePath,
            Body = new JsonObject { ["key"] = key.Reveal(), ["nonce"] = nonce },
            UseNamespace = false,
        };
        var response = await SendAsync(client, request, nonce, cancellationToken).ConfigureAwait(false);
        return Parse(response, UpdatePath);
    }

    private static async Task<VaultResponse> SendAsync(IVaultClient client, VaultRequest request, string? nonce, CancellationToken cancellationToken)
    {
        try
        {
            return await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException ex) when (RootTokenErrors.From(ex, nonce) is { } mapped)
        {
            throw mapped;
        }
    }

    private static RootTokenGenerationStatus Parse(VaultResponse response, string path)
    {
        if (response.Body is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("started", out _))
        {
            throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, "JSON without the 'started' field");
        }

        var encoded = JsonFields.String(body, "encoded_token") is { Length: > 0 } e ? e : JsonFields.String(body, "encoded_root_token");
        var otp = JsonFields.String(body, "otp");
        return new RootTokenGenerationStatus
        {
            Address = response.Address,
            Nonce = JsonFields.String(body, "nonce") ?? string.Empty,
            Started = JsonFields.Bool(body, "started") ?? false,
            Progress = (int)(JsonFields.Int64(body, "progress") ?? 0),
            Required = (int)(JsonFields.Int64(body, "required") ?? 0),
            Complete = JsonFields.Bool(body, "complete") ?? false,
            OtpLength = (int)(JsonFields.Int64(body, "otp_length") ?? 0),
            PgpFingerprint = JsonFields.String(body, "pgp_fingerprint") ?? string.Empty,
            Otp = string.IsNullOrEmpty(otp) ? null : new SensitiveString(otp),
            EncodedToken = string.IsNullOrEmpty(encoded) ? null : new SensitiveString(encoded),
        };
    }
}
