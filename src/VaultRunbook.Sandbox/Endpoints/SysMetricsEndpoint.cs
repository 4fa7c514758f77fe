using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET /v1/sys/metrics (vault-api-notes §9). ?format=prometheus answers the Prometheus text
/// exposition (text/plain; version=0.0.4; charset=utf-8); no format answers go-metrics' JSON
/// summary (Timestamp, Gauges, Points, Counters, Samples); another format is 400. A token with
/// read on sys/metrics is needed (403, and 503 while sealed) unless the listener's
/// unauthenticated_metrics_access is on (<see cref="SandboxKnobs.UnauthenticatedMetricsAccess"/>),
/// which also serves a sealed node. Names are the un-prefixed ones (disable_hostname = true, as
/// Prometheus setups configure). Families: vault_core_unsealed, vault_core_active,
/// vault_token_count, vault_secret_kv_count (per KV mount), vault_runtime_alloc_bytes,
/// vault_runtime_num_goroutines (gauges); vault_audit_log_request_failure and
/// vault_core_response_status_code (counters); vault_core_handle_request (summary, ms).
/// </summary>
internal sealed class SysMetricsEndpoint(SandboxCore core, SandboxKnobs knobs, RequestStatistics statistics)
{
    private const string PrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

    public void Map(RouteTable routes) =>
        routes.Map("/v1/sys/metrics", RouteAccess.Unauthenticated, ("GET", Get));

    private ValueTask<SandboxResponse> Get(SandboxRequest request)
    {
        if (!knobs.UnauthenticatedMetricsAccess)
        {
            if (core.IsSealed)
            {
                return Answer(SandboxResponse.Errors(503, "Vault is sealed"));
            }

            if (core.LookupToken(request.Token) is not { } token || SandboxAcl.GrantingPolicy(token, "sys/metrics") is null)
            {
                return Answer(SandboxResponse.Errors(403, "permission denied"));
            }
        }

        request.Query.TryGetFirst("format", out string format);
        return Answer(format switch
        {
            "prometheus" => new SandboxResponse(200, Prometheus(Gauges(), statistics.Snapshot())) { ContentType = PrometheusContentType },
            "" => new SandboxResponse(200, Json(Gauges(), statistics.Snapshot())),
            _ => new SandboxResponse(400, $"metric response format \"{format}\" unknown") { ContentType = "text/plain; charset=utf-8" },
        });
    }

    /// <summary>The gauges: go-metrics name (dots), labels (sorted), value.</summary>
    private List<(string Name, SortedDictionary<string, string> Labels, double Value)> Gauges()
    {
        SandboxState? state = core.State;
        string cluster = state?.ClusterName ?? string.Empty;
        var gauges = new List<(string, SortedDictionary<string, string>, double)>
        {
            ("vault.core.active", new() { ["cluster"] = cluster }, state is null ? 0 : 1),
            ("vault.core.unsealed", new() { ["cluster"] = cluster }, state is null ? 0 : 1),
            ("vault.runtime.alloc_bytes", [], GC.GetTotalMemory(forceFullCollection: false)),
            ("vault.runtime.num_goroutines", [], System.Diagnostics.Process.GetCurrentProcess().Threads.Count),
        };
        if (state is not null)
        {
            foreach (MountEntry mount in (state.Mounts?.Values ?? []).Where(m => m.Type == "kv").OrderBy(m => m.Path, StringComparer.Ordinal))
            {
                long count = mount.KvVersion == 2 ? mount.Secrets?.Count ?? 0 : mount.Entries?.Count ?? 0;
                gauges.Add(("vault.secret.kv.count", new() { ["mount_point"] = mount.Path, ["namespace"] = "root" }, count));
            }

            gauges.Add(("vault.token.count", new() { ["namespace"] = "root" }, 1 + (state.Tokens?.Count ?? 0)));
        }

        return gauges;
    }

    private static string Prometheus(
        List<(string Name, SortedDictionary<string, string> Labels, double Value)> gauges,
        (double P50, double P90, double P99, double SumMs, long Count, IReadOnlyList<KeyValuePair<int, long>> ByStatus) requests)
    {
        var families = new SortedDictionary<string, (string Type, List<string> Lines)>(StringComparer.Ordinal);
        void Add(string name, string type, string line)
        {
            if (!families.TryGetValue(name, out (string Type, List<string> Lines) family))
            {
                family = (type, []);
                families[name] = family;
            }

            family.Lines.Add(line);
        }

        foreach ((string name, SortedDictionary<string, string> labels, double value) in gauges)
        {
            string family = name.Replace('.', '_');
            Add(family, "gauge", family + LabelText(labels) + " " + Number(value));
        }

        Add("vault_audit_log_request_failure", "counter", "vault_audit_log_request_failure 0");
        foreach ((int code, long count) in requests.ByStatus)
        {
            Add("vault_core_response_status_code", "counter", $"vault_core_response_status_code{{code=\"{code}\",type=\"{code / 100}xx\"}} {count}");
        }

        const string timer = "vault_core_handle_request";
        Add(timer, "summary", $"{timer}{{quantile=\"0.5\"}} {Number(requests.P50)}");
        Add(timer, "summary", $"{timer}{{quantile=\"0.9\"}} {Number(requests.P90)}");
        Add(timer, "summary", $"{timer}{{quantile=\"0.99\"}} {Number(requests.P99)}");
        Add(timer, "summary", $"{timer}_sum {Number(requests.SumMs)}");
        Add(timer, "summary", $"{timer}_count {requests.Count}");

        var text = new StringBuilder();
        foreach ((string name, (string type, List<string> lines)) in families)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(name).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            lines.ForEach(line => text.Append(line).Append('\n'));
        }

        return text.ToString();
    }

    /// <summary>go-metrics' InmemSink DisplayMetrics (encoded by Go: struct order, compact, with a newline).</summary>
    private static string Json(
        List<(string Name, SortedDictionary<string, string> Labels, double Value)> gauges,
        (double P50, double P90, double P99, double SumMs, long Count, IReadOnlyList<KeyValuePair<int, long>> ByStatus) requests)
    {
        var gaugeArray = new JsonArray();
        foreach ((string name, SortedDictionary<string, string> labels, double value) in gauges)
        {
            gaugeArray.Add(new JsonObject { ["Name"] = name, ["Value"] = value, ["Labels"] = Labels(labels) });
        }

        var counters = new JsonArray();
        foreach ((int code, long count) in requests.ByStatus)
        {
            counters.Add(Aggregate("vault.core.response_status_code", count, count, new() { ["code"] = code.ToString(CultureInfo.InvariantCulture), ["type"] = $"{code / 100}xx" }));
        }

        var samples = new JsonArray();
        if (requests.Count > 0)
        {
            samples.Add(Aggregate("vault.core.handle_request", requests.Count, requests.SumMs, []));
        }

        var body = new JsonObject
        {
            ["Timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss +0000 UTC", CultureInfo.InvariantCulture),
            ["Gauges"] = gaugeArray,
            ["Points"] = new JsonArray(),
            ["Counters"] = counters,
            ["Samples"] = samples,
        };
        return body.ToJsonString() + "\n";
    }

    private static JsonObject Aggregate(string name, long count, double sum, SortedDictionary<string, string> labels) => new()
    {
        ["Name"] = name,
        ["Count"] = count,
        ["Rate"] = sum / 10.0, // go-metrics divides by the 10 s interval
        ["Sum"] = sum,
        ["Min"] = count == 0 ? 0 : sum / count,
        ["Max"] = count == 0 ? 0 : sum / count,
        ["Mean"] = count == 0 ? 0 : sum / count,
        ["Stddev"] = 0,
        ["Labels"] = Labels(labels),
    };

    private static JsonObject Labels(SortedDictionary<string, string> labels)
    {
        var map = new JsonObject();
        foreach ((string key, string value) in labels)
        {
            map[key] = value;
        }

        return map;
    }

    /// <summary>{a="1",b="2"} with Prometheus' escapes (backslash, double quote, newline); empty without labels.</summary>
    private static string LabelText(SortedDictionary<string, string> labels) =>
        labels.Count == 0 ? string.Empty
        : "{" + string.Join(",", labels.Select(l => $"{l.Key}=\"{l.Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"")) + "}";

    /// <summary>Prometheus' float text: NaN, +Inf, -Inf, else the shortest round-trip digits.</summary>
    private static string Number(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : value.ToString("R", CultureInfo.InvariantCulture);

    private static ValueTask<SandboxResponse> Answer(SandboxResponse response) => ValueTask.FromResult(response);
}
