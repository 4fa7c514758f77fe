using System.Globalization;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Resolution.Bench;

/// <summary>
/// The managed memory a resolver holds with N secrets cached (each its own path): the names, the map, the bindings,
/// the cache, the values and the statistics, all made after the first snapshot, measured as the heap difference
/// after full collections.
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

    // Everything the resolver keeps is made after the first snapshot: the names, the map's entries (their strings
    // are the map's), the bindings, the cache and its values, the statistics. The fake Vault's own copies are made
    // before it and do not count; the caller's list of names and the map's source dictionary are let go.
    private static double Held(int count)
    {
        var vault = new InMemoryVault();
        for (var i = 0; i < count; i++)
        {
            vault.Put("secret", $"services/app-app_secret_{i:D5}/credentials", "password", $"p4ss-{Guid.NewGuid():N}");
        }

        var before = Settle();
        var (resolver, map) = Build(count, vault);
        var after = Settle();
        if (resolver.CachedPaths != count)
        {
            throw new InvalidOperationException($"{resolver.CachedPaths} of {count} paths cached");
        }

        GC.KeepAlive(resolver);
        GC.KeepAlive(map);
        GC.KeepAlive(vault);
        resolver.Dispose();
        return (after - before) / 1024.0 / 1024.0;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (SecretResolver Resolver, SecretMap Map) Build(int count, InMemoryVault vault)
    {
        var names = Enumerable.Range(0, count).Select(i => $"APP_SECRET_{i:D5}").ToArray();
        var entries = new Dictionary<string, object>();
        foreach (var name in names)
        {
            entries[name] = $"secret/services/app-{name.ToLowerInvariant()}/credentials#password";
        }

        var map = SecretMap.FromDictionary(entries, "memory-bench");
        var resolver = CachedResolutionBenchmark.Resolver(map, vault, SecretSourceMode.Vault, 0);
        foreach (var name in names)
        {
            _ = resolver.ResolveAsync(name).AsTask().GetAwaiter().GetResult();
        }

        return (resolver, map);
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
