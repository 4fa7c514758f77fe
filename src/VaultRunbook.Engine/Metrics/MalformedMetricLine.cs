namespace VaultRunbook.Engine.Metrics;

/// <summary>A line of a Prometheus exposition that could not be read: its number, an excerpt, and why.</summary>
public sealed record MalformedMetricLine(int LineNumber, string Excerpt, string Reason);
