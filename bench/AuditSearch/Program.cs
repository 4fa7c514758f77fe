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
        long count = 0;

        // AUDIT_BENCH_JITLOG=N: what the JIT compiled during the search, by group, and the N costliest methods.
        using var jitLog = Environment.GetEnvironmentVariable("AUDIT_BENCH_JITLOG") is { } top ? new JitLog(int.Parse(top)) : null;

        // The clock starts before the searcher is made: building the query's matcher and prefilter (the cmdlet does it
        // in BeginProcessing) is compiled and run for the first time here, and that is part of what a first search costs.
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var searcher = new AuditLogSearcher(new AuditQuery { SecretPath = [prefix + "*"] }, options);
        var constructed = clock.Elapsed;

        // AUDIT_BENCH_WARMUP=N: N searches first (shows the steady state, without the first run's compiling).
        var warmUps = int.Parse(Environment.GetEnvironmentVariable("AUDIT_BENCH_WARMUP") ?? "0");
        for (var warm = 0; warm < warmUps; warm++)
        {
            var jitBefore = System.Runtime.JitInfo.GetCompilationTime();
            await searcher.SearchFilesAsync([file], (_, _) => ValueTask.CompletedTask);
            Console.WriteLine($"warm-up {clock.Elapsed.TotalSeconds:F3} s (compiling {(System.Runtime.JitInfo.GetCompilationTime() - jitBefore).TotalSeconds:F3} s of it)");
            cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
        }

        // AUDIT_BENCH_TIMELINE: how far the parser had got at each moment (the first run's ramp, then the steady rate).
        var timeline = Environment.GetEnvironmentVariable("AUDIT_BENCH_TIMELINE") is not null ? new List<(double, long)>() : null;
        var progress = timeline is null ? null : new InlineProgress(p => timeline.Add((clock.Elapsed.TotalMilliseconds, p.BytesRead)));
        var result = await searcher.SearchFilesAsync([file], (_, _) =>
        {
            count++;
            return ValueTask.CompletedTask;
        }, progress);
        clock.Stop();
        var searchCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var megabytes = new FileInfo(file).Length / 1048576.0;
        Console.WriteLine($"count {count}");
        Console.WriteLine($"elapsed {clock.Elapsed.TotalSeconds:F3} s, {megabytes / clock.Elapsed.TotalSeconds:F0} MB/s, malformed {result.MalformedLines}, cpu during the search {searchCpu.TotalSeconds:F3} s");
        jitLog?.Report(clock.Elapsed);
        if (timeline is not null)
        {
            if (warmUps == 0)
            {
                Console.WriteLine($"  searcher made after {constructed.TotalMilliseconds:F1} ms");
            }

            var next = 0.0;
            foreach (var (ms, bytes) in timeline)
            {
                if (ms >= next)
                {
                    Console.WriteLine($"  at {ms,5:F0} ms: {bytes >> 20,5} MB parsed");
                    next = ms + 20;
                }
            }
        }

        Console.WriteLine($"cpu {Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds:F3} s, allocated {GC.GetTotalAllocatedBytes() >> 20} MB, gen0 {GC.CollectionCount(0)}, gen2 {GC.CollectionCount(2)}, jit {System.Runtime.JitInfo.GetCompilationTime().TotalSeconds:F3} s ({System.Runtime.JitInfo.GetCompiledMethodCount()} methods)");
        return 0;
    }

    private sealed class InlineProgress(Action<AuditReadProgress> report) : IProgress<AuditReadProgress>
    {
        public void Report(AuditReadProgress value) => report(value);
    }
}
