using System.Diagnostics;
using VaultRunbook.Engine.Audit;

namespace AuditSearch;

/// <summary>
/// The audit-search benchmark: `generate FILE SIZE_MB [SEED]` writes a Vault file-audit log;
/// `search FILE PREFIX` counts the entries whose request.path starts with PREFIX through the Engine.
/// bench/AuditSearch/run.sh runs both and compares with grep -F and grep | jq.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["generate", var file, var sizeText, ..]:
                var seed = args.Length > 3 ? int.Parse(args[3]) : 20250604;
                var clock = Stopwatch.StartNew();
                var (bytes, lines) = AuditLogGenerator.Write(file, long.Parse(sizeText) << 20, seed);
                Console.WriteLine($"generated {file}: {bytes >> 20} MB, {lines} lines in {clock.Elapsed.TotalSeconds:F1} s");
                return 0;
            case ["search", var file, var prefix, ..]:
                return await SearchAsync(file, prefix, args.Length > 3 ? int.Parse(args[3]) << 10 : null);
            default:
                Console.Error.WriteLine("usage: AuditSearch generate <file> <sizeMB> [seed] | search <file> <prefix> [blockKB]");
                return 2;
        }
    }

    private static async Task<int> SearchAsync(string file, string prefix, int? blockBytes)
    {
        var options = blockBytes is { } size ? new AuditSearchOptions { BlockBytes = size } : new AuditSearchOptions();
        var searcher = new AuditLogSearcher(new AuditQuery { SecretPath = [prefix + "*"] }, options);
        long count = 0;

        // AUDIT_BENCH_WARMUP=N: N searches first (shows the steady state, without the first run's compiling).
        for (var warm = int.Parse(Environment.GetEnvironmentVariable("AUDIT_BENCH_WARMUP") ?? "0"); warm > 0; warm--)
        {
            var warmClock = Stopwatch.StartNew();
            await searcher.SearchFilesAsync([file], (_, _) => ValueTask.CompletedTask);
            Console.WriteLine($"warm-up {warmClock.Elapsed.TotalSeconds:F3} s");
        }

        // AUDIT_BENCH_JITLOG=N: what the JIT compiled during the search, by group, and the N costliest methods.
        using var jitLog = Environment.GetEnvironmentVariable("AUDIT_BENCH_JITLOG") is { } top ? new JitLog(int.Parse(top)) : null;
        var clock = Stopwatch.StartNew();
        var result = await searcher.SearchFilesAsync([file], (_, _) =>
        {
            count++;
            return ValueTask.CompletedTask;
        });
        clock.Stop();
        var megabytes = new FileInfo(file).Length / 1048576.0;
        Console.WriteLine($"count {count}");
        Console.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:F3} s, {megabytes / clock.Elapsed.TotalSeconds:F0} MB/s, malformed {result.MalformedLines}");
        jitLog?.Report(clock.Elapsed);
        Console.WriteLine($"cpu {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F3} s, allocated {GC.GetTotalAllocatedBytes() >> 20} MB, gen0 {GC.CollectionCount(0)}, gen2 {GC.CollectionCount(2)}, jit {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F3} s ({System.Runtime.JitInfo.GetCompiledMethodCount()} methods)");
        return 0;
    }
}
