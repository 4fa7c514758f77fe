namespace VaultRunbook.Engine.Metrics;

/// <summary>A parsed Prometheus text exposition: the samples, and the lines that were skipped as malformed.</summary>
public sealed record PrometheusExposition(IReadOnlyList<VaultMetric> Metrics, IReadOnlyList<MalformedMetricLine> Malformed);
