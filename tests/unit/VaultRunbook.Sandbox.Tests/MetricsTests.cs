using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>GET sys/metrics (vault-api-notes §9): Prometheus text and JSON, token rules, unauthenticated_metrics_access.</summary>
public sealed partial class MetricsTests
{
    [Fact]
    public async Task Prometheus_text_has_the_runbook_metrics_and_the_captured_shape()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.CreateTokenAsync("app", "secret");
        await harness.RootAsync("POST", "/v1/secret/data/app/db", new { data = new { password = "x" } });

        ApiResponse response = await harness.CallAsync("GET", "/v1/sys/metrics?format=prometheus", token: harness.RootToken);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("text/plain", response.ContentType);
        Assert.True(response.NoStore);
        string text = response.Raw;
        Assert.Matches(@"(?m)^vault_core_unsealed\{cluster=""vault-cluster-[0-9a-f]{8}""\} 1$", text);
        Assert.Matches(@"(?m)^vault_token_count\{namespace=""root""\} 2$", text);
        Assert.Matches(@"(?m)^vault_secret_kv_count\{mount_point=""secret/"",namespace=""root""\} 1$", text);
        Assert.Matches(@"(?m)^vault_runtime_alloc_bytes [0-9]+$", text);
        Assert.Matches(@"(?m)^# TYPE vault_audit_log_request_failure counter$", text);
        Assert.Matches(@"(?m)^vault_core_handle_request\{quantile=""0.99""\} [0-9.eE+-]+$", text);

        // The capture's grammar: every family opens with HELP and TYPE, then samples of that family only.
        string fixture = Fixtures.Raw("sys-metrics.prometheus.200.prom");
        Assert.Equal(Families(fixture).Count, Families(fixture).Distinct().Count());
        foreach (string body in new[] { fixture, text })
        {
            string? family = null;
            string[] lines = body.TrimEnd('\n').Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                Match help = Help().Match(lines[i]);
                if (help.Success)
                {
                    family = help.Groups[1].Value;
                    Assert.Equal(help.Groups[1].Value, help.Groups[2].Value);
                    Assert.Matches($"^# TYPE {family} (gauge|counter|summary)$", lines[++i]);
                    continue;
                }

                Match sample = Sample().Match(lines[i]);
                Assert.True(sample.Success, $"not a sample line: '{lines[i]}'");
                Assert.True(sample.Groups[1].Value == family || sample.Groups[1].Value == family + "_sum" || sample.Groups[1].Value == family + "_count", lines[i]);
            }
        }

        Assert.Equal(Families(text).Order(StringComparer.Ordinal), Families(text));
    }

    [Fact]
    public async Task Json_is_the_in_memory_summary()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse response = await harness.CallAsync("GET", "/v1/sys/metrics", token: harness.RootToken);

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal(["Timestamp", "Gauges", "Points", "Counters", "Samples"], response.Keys);
        JsonElement unsealed = response.Json.GetProperty("Gauges").EnumerateArray().Single(g => g.GetProperty("Name").GetString() == "vault.core.unsealed");
        Assert.Equal(1, unsealed.GetProperty("Value").GetDouble());
        Assert.StartsWith("vault-cluster-", unsealed.GetProperty("Labels").GetProperty("cluster").GetString());
    }

    [Fact]
    public async Task An_unknown_format_is_400()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse response = await harness.CallAsync("GET", "/v1/sys/metrics?format=xml", token: harness.RootToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("metric response format \"xml\" unknown", response.Raw);
    }

    [Fact]
    public async Task A_token_with_read_on_sys_metrics_is_needed_unless_the_listener_allows_unauthenticated_access()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string other = await harness.CreateTokenAsync("app", "secret");
        string reader = await harness.CreateTokenAsync("prometheus", "sys/metrics");

        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/sys/metrics?format=prometheus")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/sys/metrics?format=prometheus", token: other)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/metrics?format=prometheus", token: reader)).Status);

        harness.Sandbox.UnauthenticatedMetricsAccess = true;
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/metrics?format=prometheus")).Status);
    }

    [Fact]
    public async Task A_sealed_node_is_503_or_reports_unsealed_0_without_authentication()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await harness.CallAsync("GET", "/v1/sys/metrics?format=prometheus")).Status);

        harness.Sandbox.UnauthenticatedMetricsAccess = true;
        ApiResponse open = await harness.CallAsync("GET", "/v1/sys/metrics?format=prometheus");
        Assert.Equal(HttpStatusCode.OK, open.Status);
        Assert.Matches(@"(?m)^vault_core_unsealed\{cluster=""""\} 0$", open.Raw);
    }

    private static List<string> Families(string text) => Help().Matches(text).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex(@"^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Help();

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (NaN|[+-]Inf|[-+0-9.eE]+)$")]
    private static partial Regex Sample();
}
