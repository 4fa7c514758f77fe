using VaultRunbook.Engine.Metrics;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>The Prometheus text exposition 0.0.4 as Vault's sys/metrics serves it.</summary>
public sealed class PrometheusTextParserTests
{
    [Fact]
    public void Reads_the_captured_Vault_answer_with_summaries_counters_and_NaN()
    {
        var parsed = PrometheusTextParser.Parse(RepoPaths.Fixture("sys-metrics.prometheus.200.prom"), "http://vault-1:8200");

        Assert.Empty(parsed.Malformed);
        Assert.Equal(17, parsed.Metrics.Count);
        var p99 = parsed.Metrics.Single(m => m.Name == "vault_audit_log_request" && (string)m.Labels["quantile"]! == "0.99");
        Assert.Equal("summary", p99.Type);
        Assert.Equal("vault_audit_log_request", p99.Help);
        Assert.Equal(0.005927000194787979, p99.Value);
        Assert.Equal("http://vault-1:8200", p99.Node);
        var count = parsed.Metrics.Single(m => m.Name == "vault_barrier_get_count");
        Assert.Equal(("vault_barrier_get", "summary", 36d), (count.Family, count.Type, count.Value));
        Assert.Empty(count.Labels);
        Assert.True(double.IsNaN(parsed.Metrics.First(m => m.Name == "vault_audit_log_response").Value));
        Assert.Equal("counter", parsed.Metrics.Single(m => m.Name == "vault_audit_log_request_failure").Type);
    }

    [Fact]
    public void Unescapes_label_values_and_help_text()
    {
        const string text = "# HELP weird A \\\\ backslash\\nand a newline\n# TYPE weird gauge\nweird{path=\"C:\\\\x\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\",comma=\"a,b}\",} 1\n";

        var metric = Assert.Single(PrometheusTextParser.Parse(text, "n").Metrics);

        Assert.Equal("C:\\x", metric.Labels["path"]);
        Assert.Equal("say \"hi\"", metric.Labels["quote"]);
        Assert.Equal("a\nb", metric.Labels["nl"]);
        Assert.Equal("a,b}", metric.Labels["comma"]);
        Assert.Equal("A \\ backslash\nand a newline", metric.Help);
    }

    [Fact]
    public void Reads_histograms_infinities_and_timestamps()
    {
        const string text = """
            # TYPE req histogram
            req_bucket{le="0.1"} 3
            req_bucket{le="+Inf"} 5
            req_sum 1.5e-1
            req_count 5
            # TYPE g gauge
            g -Inf 1700000000000
            g{x="y"} +Inf
            untyped_thing 7
            """;

        var metrics = PrometheusTextParser.Parse(text, "n").Metrics;

        Assert.Equal(["req", "req", "req", "req"], metrics.Take(4).Select(m => m.Family));
        Assert.All(metrics.Take(4), m => Assert.Equal("histogram", m.Type));
        Assert.Equal("+Inf", metrics[1].Labels["le"]);
        Assert.Equal(0.15, metrics[2].Value);
        Assert.Equal(double.NegativeInfinity, metrics[4].Value);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), metrics[4].Timestamp);
        Assert.Equal(double.PositiveInfinity, metrics[5].Value);
        Assert.Equal("untyped", metrics[6].Type);
    }

    [Theory]
    [InlineData("metric{a=\"1\",", "the label set is not closed")]
    [InlineData("metric{a=\"1\" b=\"2\"} 2", "not separated by commas")]
    [InlineData("metric{a=1} 2", "not quoted")]
    [InlineData("metric{a=\"x\\q\"} 2", "unknown escape")]
    [InlineData("metric{a=\"1\",a=\"2\"} 2", "appears twice")]
    [InlineData("metric twelve", "is not a number")]
    [InlineData("metric", "no value")]
    [InlineData("metric 1 2 3", "more than a value")]
    [InlineData("{a=\"1\"} 2", "no metric name")]
    [InlineData("# TYPE metric rate", "unknown metric type")]
    public void Skips_a_malformed_line_and_says_why_while_keeping_the_others(string bad, string reason)
    {
        var parsed = PrometheusTextParser.Parse($"good 1\n{bad}\nalso_good 2\n", "n");

        Assert.Equal(["good", "also_good"], parsed.Metrics.Select(m => m.Name));
        var malformed = Assert.Single(parsed.Malformed);
        Assert.Equal(2, malformed.LineNumber);
        Assert.Contains(reason, malformed.Reason);
    }
}
