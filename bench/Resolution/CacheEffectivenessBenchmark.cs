using System.Globalization;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Resolution.Bench;

/// <summary>
/// An uncached resolution (a KV v2 round trip to the sandbox on loopback) divided by a cached one, through the same
/// Engine API, against the runbook's 3x; and the same ratio as the resolver's own statistics report it.
/// </summary>
internal static class CacheEffectivenessBenchmark
{
    private const double PublishedRatio = 3;

    public static IEnumerable<BenchRow> Run()
    {
        using var sandbox = new BenchSandbox();
        sandbox.Put("cwiq/shared/hf", "token", $"hf_{Guid.NewGuid():N}");
        var map = SecretMap.Parse("""{ "HF_TOKEN": "secret/cwiq/shared/hf#token" }""", "bench");
        using var resolver = CachedResolutionBenchmark.Resolver(map, sandbox.Client, SecretSourceMode.Vault, 0);

        var uncached = Measure.PerOperation(2_000, n =>
        {
            for (long i = 0; i < n; i++)
            {
                resolver.ClearCache();
                _ = resolver.ResolveAsync("HF_TOKEN").AsTask().GetAwaiter().GetResult();
            }
        }, runs: 5);
        var cached = Measure.PerOperation(5_000_000, n =>
        {
            var sum = 0;
            for (long i = 0; i < n; i++)
            {
                sum += resolver.ResolveAsync("HF_TOKEN").Result.Value.Length;
            }

            GC.KeepAlive(sum);
        });
        var ratio = uncached.NanosecondsPerOp / cached.NanosecondsPerOp;
        var reported = resolver.Stats.Snapshot().CacheEffectiveness ?? 0;
        Console.WriteLine($"  uncached (sandbox round trip): {(uncached.NanosecondsPerOp / 1000).ToString("0.0", CultureInfo.InvariantCulture)} us/op; cached: {cached.NanosecondsPerOp.ToString("0.0", CultureInfo.InvariantCulture)} ns/op");
        Console.WriteLine($"  as Get-SecretAccessStats reports it (per-access latencies): {reported.ToString("0", CultureInfo.InvariantCulture)}x");

        yield return new BenchRow(
            "cache effectiveness: uncached sandbox round trip / cached",
            $"{ratio.ToString("0", CultureInfo.InvariantCulture)}x ({(uncached.NanosecondsPerOp / 1000).ToString("0", CultureInfo.InvariantCulture)} us / {cached.NanosecondsPerOp.ToString("0", CultureInfo.InvariantCulture)} ns)",
            $"{PublishedRatio}x published",
            $"{(ratio / PublishedRatio).ToString("0", CultureInfo.InvariantCulture)}x the published ratio",
            ">= 100x",
            ratio >= 100);
    }
}
