namespace VaultRunbook.Resolution.Bench;

/// <summary>
/// The data plane's benchmarks, printed side by side in one run (never asserted in tests): cached resolution
/// against the runbook's published figures and a raw dictionary, resolver memory, cache effectiveness against the
/// sandbox, and Start-VaultEnvProcess's overhead over launching the child directly.
/// Usage: dotnet run --project bench/Resolution -c Release -- [percall|cached|memory|cache|process|users|all]
/// (users: the per-call cost in pwsh, Vault requests within the TTL and resolver memory.)
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        var rows = new List<BenchRow>();
        if (which is "percall" or "users" or "all")
        {
            Console.WriteLine("Get-RunbookSecret per call, in real pwsh:");
            rows.AddRange(CmdletCallBenchmark.Run());
        }

        if (which is "cached" or "all")
        {
            Console.WriteLine("Cached resolution through the Engine API (in-process, no pwsh):");
            rows.AddRange(CachedResolutionBenchmark.Run());
        }

        if (which is "memory" or "users" or "all")
        {
            Console.WriteLine("Resolver memory:");
            rows.AddRange(MemoryBenchmark.Run());
        }

        if (which is "cache" or "all")
        {
            Console.WriteLine("Cache effectiveness against the sandbox:");
            rows.AddRange(CacheEffectivenessBenchmark.Run());
        }

        if (which is "process" or "all")
        {
            Console.WriteLine("Start-VaultEnvProcess overhead:");
            rows.AddRange(ProcessOverheadBenchmark.Run());
        }

        Print(rows);
        return 0;
    }

    private static void Print(IReadOnlyList<BenchRow> rows)
    {
        var headers = new[] { "measure", "ours", "baseline", "ratio", "goal", "met" };
        var cells = rows.Select(r => new[] { r.Measure, r.Ours, r.Baseline, r.Ratio, r.Goal, r.Met switch { true => "yes", false => "NO", null => "-" } }).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(c => c[i].Length))).ToArray();
        Console.WriteLine();
        Console.WriteLine("| " + string.Join(" | ", headers.Select((h, i) => h.PadRight(widths[i]))) + " |");
        Console.WriteLine("|" + string.Join("|", widths.Select(w => new string('-', w + 2))) + "|");
        foreach (var row in cells)
        {
            Console.WriteLine("| " + string.Join(" | ", row.Select((c, i) => c.PadRight(widths[i]))) + " |");
        }
    }
}
