using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>GET|PUT|POST /v1/sys/init (vault-api-notes §3.1). No token.</summary>
internal sealed class SysInitEndpoint(SandboxCore core)
{
    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/init", RouteAccess.Unauthenticated, ("GET", Get), ("PUT", Put), ("POST", Put));

    /// <summary>The sys/init answer: keys (lowercase hex), keys_base64 (padded std base64), root_token.</summary>
    public static GoJsonWriter RenderInitResponse(InitResult result) =>
        new GoJsonWriter().BeginObject()
            .StringArray("keys", result.KeyShares.Select(k => Convert.ToHexString(k).ToLowerInvariant()))
            .StringArray("keys_base64", result.KeyShares.Select(Convert.ToBase64String))
            .String("root_token", result.RootToken)
            .EndObject();

    private ValueTask<SandboxResponse> Get(SandboxRequest request) =>
        ValueTask.FromResult(SandboxResponse.Json(200, new GoJsonWriter().BeginObject().Bool("initialized", core.IsInitialized).EndObject()));

    private ValueTask<SandboxResponse> Put(SandboxRequest request)
    {
        RequestJson? json = RequestJson.TryParse(request.Body, "InitRequest", out string? error);
        if (json is null)
        {
            return Fail(400, error!);
        }

        int shares = json.GetInt("secret_shares", "secret_shares", ref error);
        int threshold = json.GetInt("secret_threshold", "secret_threshold", ref error);
        json.GetInt("stored_shares", "stored_shares", ref error);
        int pgpKeys = json.GetStringArrayLength("pgp_keys", "pgp_keys", ref error);
        int recoveryShares = json.GetInt("recovery_shares", "recovery_shares", ref error);
        int recoveryThreshold = json.GetInt("recovery_threshold", "recovery_threshold", ref error);
        int recoveryPgpKeys = json.GetStringArrayLength("recovery_pgp_keys", "recovery_pgp_keys", ref error);
        string? rootTokenPgpKey = json.GetString("root_token_pgp_key", "root_token_pgp_key", ref error);
        if (error is not null)
        {
            return Fail(400, error);
        }

        // validateInitParameters: recovery_* fields do not apply to a Shamir seal.
        var recoveryFlags = new List<string>();
        if (recoveryShares != 0)
        {
            recoveryFlags.Add("recovery_shares");
        }

        if (recoveryThreshold != 0)
        {
            recoveryFlags.Add("recovery_threshold");
        }

        if (recoveryPgpKeys != 0)
        {
            recoveryFlags.Add("recovery_pgp_keys");
        }

        if (recoveryFlags.Count > 0)
        {
            return Fail(400, $"parameters {string.Join(',', recoveryFlags)} not applicable to seal type {VaultVersion.SealType}");
        }

        if (pgpKeys > 0 && pgpKeys != shares)
        {
            return Fail(400, "incorrect number of PGP keys");
        }

        if (pgpKeys > 0 || !string.IsNullOrEmpty(rootTokenPgpKey))
        {
            // Sandbox limitation: no OpenPGP in the BCL.
            return Fail(400, "pgp_keys and root_token_pgp_key are not supported by the VaultRunbook sandbox");
        }

        CoreResult<InitResult> result = core.Initialize(shares, threshold);
        return result.Error is { } failure
            ? Fail(failure.Status, failure.Message)
            : ValueTask.FromResult(SandboxResponse.Json(200, RenderInitResponse(result.Value!)));
    }

    private static ValueTask<SandboxResponse> Fail(int status, string message) =>
        ValueTask.FromResult(SandboxResponse.Errors(status, message));
}
