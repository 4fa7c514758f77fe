namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// What sys/metrics reports about the requests served: their count and durations (the
/// vault.core.handle_request timer, kept as go-metrics keeps a summary: the last samples of a
/// window, with their sum and count) and the count per status code. Safe from many requests.
/// </summary>
internal sealed class RequestStatistics
{
    private const int Window = 1024;

    private readonly object _gate = new();
    private readonly double[] _recent = new double[Window];
    private readonly SortedDictionary<int, long> _byStatus = [];
    private long _count;
    private double _sumMs;

    public void Record(int status, TimeSpan elapsed)
    {
        lock (_gate)
        {
            _recent[_count % Window] = elapsed.TotalMilliseconds;
            _count++;
            _sumMs += elapsed.TotalMilliseconds;
            _byStatus[status] = _byStatus.GetValueOrDefault(status) + 1;
        }
    }

    /// <summary>The durations summary now: quantiles (NaN with no sample yet, as Prometheus shows them), sum and count.</summary>
    public (double P50, double P90, double P99, double SumMs, long Count, IReadOnlyList<KeyValuePair<int, long>> ByStatus) Snapshot()
    {
        lock (_gate)
        {
            double[] window = _recent.Take((int)Math.Min(_count, Window)).Order().ToArray();
            return (Quantile(window, 0.5), Quantile(window, 0.9), Quantile(window, 0.99), _sumMs, _count, [.. _byStatus]);
        }
    }

    private static double Quantile(double[] sorted, double q) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
