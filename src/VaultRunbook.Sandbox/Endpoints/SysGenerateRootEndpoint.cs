using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// /v1/sys/generate-root/attempt (GET, PUT|POST, DELETE) and /v1/sys/generate-root/update (PUT|POST),
/// vault-api-notes §4: the OTP flow of current Vault. Like Vault up to 1.21 these need no token.
/// Not initialised → 400 "server is not yet initialized"; sealed → 503 "Vault is sealed". The
/// attempt answers carry otp_length 28; update answers carry otp "" and otp_length 0, as Vault's
/// handler builds them. The sandbox has no PGP support: a pgp_key is refused with a 400.
/// </summary>
internal sealed class SysGenerateRootEndpoint(SandboxCore core)
{
    private readonly RootGeneration _generation = new(core);

    public void Map(RouteTable routes)
    {
        routes.Map(
            "/v1/sys/generate-root/attempt",
            RouteAccess.Unauthenticated,
            ("GET", request => Guarded(request, Status)),
            ("PUT", request => Guarded(request, Start)),
            ("POST", request => Guarded(request, Start)),
            ("DELETE", request => Guarded(request, Cancel)));
        routes.Map(
            "/v1/sys/generate-root/update",
            RouteAccess.Unauthenticated,
            ("PUT", request => Guarded(request, Update)),
            ("POST", request => Guarded(request, Update)));
    }

    /// <summary>The status object in Vault's GenerateRootStatusResponse field order.</summary>
    public static SandboxResponse Render(RootGenerationStatus status) => SandboxResponse.Json(
        200,
        new GoJsonWriter().BeginObject()
            .String("nonce", status.Nonce)
            .Bool("started", status.Started)
            .Number("progress", status.Progress)
            .Number("required", status.Required)
            .Bool("complete", status.Complete)
            .String("encoded_token", status.EncodedToken)
            .String("encoded_root_token", status.EncodedToken)
            .String("pgp_fingerprint", string.Empty)
            .String("otp", status.Otp)
            .Number("otp_length", status.OtpLength)
            .EndObject());

    private ValueTask<SandboxResponse> Guarded(SandboxRequest request, Func<SandboxRequest, SandboxResponse> handler)
    {
        if (!core.IsInitialized)
        {
            return Answer(SandboxResponse.Errors(400, "server is not yet initialized"));
        }

        return Answer(core.IsSealed ? SandboxResponse.Errors(503, "Vault is sealed") : handler(request));
    }

    private SandboxResponse Status(SandboxRequest request) => Render(_generation.Status());

    private SandboxResponse Start(SandboxRequest request)
    {
        string? otp = null;
        string? pgpKey = null;
        string? error = null;
        if (RequestJson.TryParse(request.Body, "GenerateRootInitRequest", out string? parseError) is { } json)
        {
            otp = json.GetString("otp", "OTP", ref error);
            pgpKey = json.GetString("pgp_key", "PGPKey", ref error);
        }
        else if (parseError != "EOF")
        {
            error = parseError; // an empty body is a start with neither field, as in Vault
        }

        if (error is not null)
        {
            return SandboxResponse.Errors(400, error);
        }

        if (!string.IsNullOrEmpty(pgpKey))
        {
            return SandboxResponse.Errors(400, "the sandbox does not support pgp_key; use the OTP flow");
        }

        return Result(_generation.Start(string.IsNullOrEmpty(otp) ? null : otp));
    }

    private SandboxResponse Cancel(SandboxRequest request)
    {
        _generation.Cancel();
        return SandboxResponse.NoContent;
    }

    private SandboxResponse Update(SandboxRequest request)
    {
        RequestJson? json = RequestJson.TryParse(request.Body, "GenerateRootUpdateRequest", out string? error);
        if (json is null)
        {
            return SandboxResponse.Errors(400, error!);
        }

        // The request struct has no JSON tags: "Key", "key", "KEY" all match.
        string? key = json.GetString("Key", "Key", ref error);
        string? nonce = json.GetString("Nonce", "Nonce", ref error);
        if (error is not null)
        {
            return SandboxResponse.Errors(400, error);
        }

        if (string.IsNullOrEmpty(key))
        {
            return SandboxResponse.Errors(400, "'key' must be specified in request body as JSON");
        }

        byte[]? decoded = SysUnsealEndpoint.DecodeKey(key);
        if (decoded is null)
        {
            return SandboxResponse.Errors(400, "'key' must be a valid hex or base64 string");
        }

        try
        {
            return Result(_generation.Update(decoded, nonce ?? string.Empty));
        }
        finally
        {
            Array.Clear(decoded);
        }
    }

    private static SandboxResponse Result(CoreResult<RootGenerationStatus> result) =>
        result.Error is { } failure ? SandboxResponse.Errors(failure.Status, failure.Message) : Render(result.Value!);

    private static ValueTask<SandboxResponse> Answer(SandboxResponse response) => ValueTask.FromResult(response);
}
