using System.Diagnostics;

namespace VaultRunbook.Resolution.Bench;

/// <summary>A Stopwatch harness: warm-up, then several timed runs of many operations; the median run counts.</summary>
internal static class Measure
{
    /// <summary>Nanoseconds per operation (median of <paramref name="runs"/>) and bytes allocated per operation.</summary>
    public static (double NanosecondsPerOp, double BytesPerOp) PerOperation(long operationsPerRun, Action<long> run, int runs = 7)
    {
        run(Math.Max(1, operationsPerRun / 5)); // warm-up: tiered JIT reaches its final code
        run(Math.Max(1, operationsPerRun / 5));
        var results = new List<double>();
        long allocated = 0;
        for (var i = 0; i < runs; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            run(operationsPerRun);
            var elapsed = Stopwatch.GetElapsedTime(started);
            allocated += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
            results.Add(elapsed.TotalNanoseconds / operationsPerRun);
        }

        return (Median(results), (double)allocated / (operationsPerRun * runs));
    }

    /// <summary>Median milliseconds of <paramref name="repetitions"/> calls after <paramref name="warmups"/> untimed ones.</summary>
    public static double MedianMilliseconds(int warmups, int repetitions, Action action)
    {
        for (var i = 0; i < warmups; i++)
        {
            action();
        }

        var results = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            action();
            results.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return Median(results);
    }

    public static double Median(List<double> values)
    {
        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
