using System.Diagnostics;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Ha;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET|HEAD /v1/sys/health (vault-api-notes §1). No token. Parameter parsing, code precedence and
/// the body follow Vault's handler; the <see cref="SandboxRole"/> knob stands in for HA/replication, except on a
/// node of an HA cluster (<paramref name="ha"/>), where the leadership lock decides active or standby.
/// </summary>
internal sealed class SysHealthEndpoint(SandboxCore core, SandboxKnobs knobs, SandboxHaNode? ha = null)
{
    /// <summary>Simulated interval between request-forwarding heartbeats on a standby.</summary>
    private const long HeartbeatIntervalMs = 5000;

    private static readonly string[] CodeParameters =
    [
        "uninitcode", "sealedcode", "standbycode", "activecode", "drsecondarycode",
        "performancestandbycode", "haunhealthycode", "removedcode",
    ];

    private readonly Stopwatch _uptime = Stopwatch.StartNew();

    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/health", RouteAccess.Unauthenticated, ("GET", Get), ("HEAD", Head));

    private ValueTask<SandboxResponse> Get(SandboxRequest request)
    {
        (int code, GoJsonWriter? body) = Evaluate(request.Query);
        return ValueTask.FromResult(body is null ? SandboxResponse.Errors(code) : SandboxResponse.Json(code, body));
    }

    private ValueTask<SandboxResponse> Head(SandboxRequest request)
    {
        // Same status and headers as GET; the server writes no body for HEAD.
        (int code, _) = Evaluate(request.Query);
        return ValueTask.FromResult(new SandboxResponse(code, null));
    }

    private (int Code, GoJsonWriter? Body) Evaluate(GoQuery query)
    {
        if (!TryParseWeakBool(query, "standbyok", out bool standbyOk) || !TryParseWeakBool(query, "perfstandbyok", out bool perfStandbyOk))
        {
            return (400, null);
        }

        var codes = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["uninitcode"] = 501,
            ["sealedcode"] = 503,
            ["standbycode"] = 429,
            ["activecode"] = 200,
            ["drsecondarycode"] = 472,
            ["performancestandbycode"] = 473,
            ["haunhealthycode"] = 474,
            ["removedcode"] = 530,
        };
        foreach (string name in CodeParameters)
        {
            if (query.TryGetFirst(name, out string text))
            {
                if (!TryParseGoInt(text, out int value))
                {
                    return (400, null);
                }

                codes[name] = value;
            }
        }

        SealStatus seal = core.GetSealStatus();
        SandboxRole role = ha is null ? knobs.Role : ha.IsActive ? SandboxRole.Active : SandboxRole.Standby;
        bool sealedOrUninit = seal.Sealed;

        // A sealed (or uninitialised) node reports standby=true and no replication state.
        bool standby = sealedOrUninit || role is SandboxRole.Standby or SandboxRole.PerformanceStandby;
        bool perfStandby = !sealedOrUninit && role == SandboxRole.PerformanceStandby;
        bool drSecondary = !sealedOrUninit && role == SandboxRole.DrSecondary;
        bool hasHeartbeat = !sealedOrUninit && standby;

        int code = codes["activecode"];
        if (!seal.Initialized)
        {
            code = codes["uninitcode"];
        }
        else if (seal.Sealed)
        {
            code = codes["sealedcode"];
        }
        else if (drSecondary)
        {
            code = codes["drsecondarycode"];
        }
        else if (perfStandby)
        {
            code = perfStandbyOk ? code : codes["performancestandbycode"];
        }
        else if (standby)
        {
            code = standbyOk ? code : codes["standbycode"];
        }

        // Fields in Vault's HealthResponse struct order (omitempty ones only when set).
        var body = new GoJsonWriter().BeginObject()
            .Bool("initialized", seal.Initialized)
            .Bool("sealed", seal.Sealed)
            .Bool("standby", standby)
            .Bool("performance_standby", perfStandby)
            .String("replication_performance_mode", sealedOrUninit ? "unknown" : "disabled")
            .String("replication_dr_mode", sealedOrUninit ? "unknown" : drSecondary ? "secondary" : "disabled")
            .Number("server_time_utc", DateTimeOffset.UtcNow.ToUnixTimeSeconds())
            .String("version", VaultVersion.Number)
            .Bool("enterprise", false);
        if (!seal.Sealed && seal.ClusterName is not null && seal.ClusterId is not null)
        {
            body.String("cluster_name", seal.ClusterName).String("cluster_id", seal.ClusterId);
        }

        body.Number("echo_duration_ms", 0)
            .Number("clock_skew_ms", 0)
            .Number("replication_primary_canary_age_ms", 0)
            .Bool("removed_from_cluster", false);
        if (hasHeartbeat)
        {
            body.Bool("ha_connection_healthy", true)
                .Number("last_request_forwarding_heartbeat_ms", 1 + (_uptime.ElapsedMilliseconds % HeartbeatIntervalMs));
        }

        return (code, body.EndObject());
    }

    /// <summary>
    /// go-secure-stdlib parseutil.ParseBool (mapstructure weak decode of a string): Go's
    /// strconv.ParseBool forms, and "" (a bare <c>?standbyok</c>) is false. Anything else fails.
    /// </summary>
    internal static bool TryParseWeakBool(GoQuery query, string name, out bool value)
    {
        value = false;
        if (!query.TryGetFirst(name, out string text))
        {
            return true;
        }

        switch (text)
        {
            case "":
            case "0" or "f" or "F" or "false" or "FALSE" or "False":
                value = false;
                return true;
            case "1" or "t" or "T" or "true" or "TRUE" or "True":
                value = true;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Go's strconv.Atoi: optional sign, decimal digits, 64-bit range.</summary>
    internal static bool TryParseGoInt(string text, out int value)
    {
        value = 0;
        ReadOnlySpan<char> digits = text.AsSpan();
        bool negative = false;
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            negative = digits[0] == '-';
            digits = digits[1..];
        }

        if (digits.IsEmpty)
        {
            return false;
        }

        long result = 0;
        foreach (char c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            if (result > (long.MaxValue - (c - '0')) / 10)
            {
                return false;
            }

            result = (result * 10) + (c - '0');
        }

        result = negative ? -result : result;

        // Accepted by Vault; a code outside 100..999 makes the server drop the connection later.
        value = result is > int.MaxValue or < int.MinValue ? -1 : (int)result;
        return true;
    }
}
