using System.Globalization;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Resolution.Bench;

/// <summary>
/// The managed memory a resolver holds with N secrets cached (each its own path): the map, the bindings, the cache,
/// the values and the statistics, measured as the heap difference after full collections.
/// </summary>
internal static class MemoryBenchmark
{
    private const double TypicalMb = 1.64;
    private const double BudgetMb = 10;

    public static IEnumerable<BenchRow> Run()
    {
        foreach (var count in new[] { 1_000, 10_000 })
        {
            var megabytes = Held(count);
            var perSecret = megabytes * 1024 * 1024 / count;
            Console.WriteLine($"  {count,6} cached secrets: {megabytes.ToString("0.000", CultureInfo.InvariantCulture)} MB ({perSecret.ToString("0", CultureInfo.InvariantCulture)} bytes per secret, map and statistics included)");
            var reference = count == 1_000 ? TypicalMb : BudgetMb;
            yield return new BenchRow(
                $"resolver memory, {count:N0} cached secrets",
                $"{megabytes.ToString("0.00", CultureInfo.InvariantCulture)} MB",
                $"{TypicalMb} MB typical, {BudgetMb} MB budget",
                $"{(reference / megabytes).ToString("0.0", CultureInfo.InvariantCulture)}x under the {(count == 1_000 ? "typical" : "budget")}",
                count == 1_000 ? "<= 1 MB" : $"<= {BudgetMb} MB budget",
                megabytes <= (count == 1_000 ? 1 : BudgetMb));
        }
    }

    private static double Held(int count)
    {
        var names = Enumerable.Range(0, count).Select(i => $"APP_SECRET_{i:D5}").ToArray();
        var vault = new InMemoryVault();
        var entries = new Dictionary<string, object>();
        foreach (var name in names)
        {
            var path = $"services/app-{name.ToLowerInvariant()}/credentials";
            vault.Put("secret", path, "password", $"p4ss-{Guid.NewGuid():N}");
            entries[name] = $"secret/{path}#password";
        }

        var before = Settle();
        var map = SecretMap.FromDictionary(entries, "memory-bench");
        var resolver = CachedResolutionBenchmark.Resolver(map, vault, SecretSourceMode.Vault, 0);
        foreach (var name in names)
        {
            _ = resolver.ResolveAsync(name).AsTask().GetAwaiter().GetResult();
        }

        var after = Settle();
        if (resolver.CachedPaths != count)
        {
            throw new InvalidOperationException($"{resolver.CachedPaths} of {count} paths cached");
        }

        GC.KeepAlive(resolver);
        GC.KeepAlive(map);
        GC.KeepAlive(entries);
        resolver.Dispose();
        return (after - before) / 1024.0 / 1024.0;
    }

    private static long Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
