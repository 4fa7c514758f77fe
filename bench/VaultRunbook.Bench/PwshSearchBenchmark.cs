using System.Diagnostics;
using System.Globalization;
using VaultRunbook.Resolution.Bench;

namespace VaultRunbook.Bench;

/// <summary>
/// Search-VaultAuditLog as users run it: a whole `pwsh -c "Import-Module VaultRunbook; (Search-VaultAuditLog ... |
/// Measure-Object).Count"` process (the real pwsh of the tool manifest; start-up, import and the output objects
/// included) against whole `grep -F -c` and `grep -F | jq select | wc -l` processes, on the same generated Vault
/// file-audit log from the page cache, for a rare path and for one about 5% of the lines hold. Best of 3 each.
/// The log: AUDIT_PWSH_BENCH_MB (default 1100) MB in /tmp, made once by bench/AuditSearch's generator.
/// </summary>
internal static class PwshSearchBenchmark
{
    private const int Runs = 3;

    public static void Run(string module)
    {
        var megabytes = int.Parse(Environment.GetEnvironmentVariable("AUDIT_PWSH_BENCH_MB") ?? "1100", CultureInfo.InvariantCulture);
        var log = $"/tmp/vaultrunbook-audit-bench-{megabytes}mb.log";
        if (!File.Exists(log) || new FileInfo(log).Length < (long)megabytes << 20)
        {
            var generator = Path.Combine(Pwsh.RepoRoot, "bench", "AuditSearch", "bin", "Release", "net10.0", "AuditSearch.dll");
            Shell("dotnet", generator, "generate", log, megabytes.ToString(CultureInfo.InvariantCulture));
        }

        Shell("cat", log); // into the page cache: every contender reads from memory
        var script = Path.Combine(Path.GetTempPath(), $"vr-bench-search-{Environment.ProcessId}.ps1");
        File.WriteAllText(script, """
            param($Module, $Log, $Prefix)
            Import-Module $Module
            (Search-VaultAuditLog -LiteralPath $Log -SecretPath "$Prefix*" | Measure-Object).Count
            """);
        var size = new FileInfo(log).Length / 1048576.0;
        Console.WriteLine($"search: whole processes ({Pwsh.Description}) on {log} ({size:F0} MB), best of {Runs}; {Environment.ProcessorCount} CPUs, load average {LoadAverage()}");
        try
        {
            foreach (var (label, prefix) in new[] { ("rare path", "secret/data/cwiq/etl/smtp"), ("~5% of lines", "secret/data/cwiq") })
            {
                var (pwshTime, pwshCount) = Best(() => Pwsh.RunFile(script, null, module, log, prefix));
                var (grepTime, grepCount) = Best(() => Shell("sh", "-c", $"LC_ALL=C grep -F -c -- '{prefix}' '{log}'"));
                var (jqTime, jqCount) = Best(() => Shell("sh", "-c", $"LC_ALL=C grep -F -- '{prefix}' '{log}' | jq -c --arg p '{prefix}' 'select(.request.path | startswith($p))' | wc -l"));
                Console.WriteLine($"  {label} ({prefix}):");
                Console.WriteLine($"    pwsh -c Import-Module; Search-VaultAuditLog | Measure-Object {pwshTime,7:F2} s  count {pwshCount}");
                Console.WriteLine($"    grep -F -c                                        {grepTime,7:F2} s  count {grepCount} (lines holding the literal anywhere)");
                Console.WriteLine($"    grep -F | jq select | wc -l                       {jqTime,7:F2} s  count {jqCount}");
                Console.WriteLine($"    ours/grep-F {pwshTime / grepTime:F2}x (goal <= 2x: {(pwshTime / grepTime <= 2 ? "met" : "NOT met")}); (grep+jq)/ours {jqTime / pwshTime:F1}x (goal >= 10x: {(jqTime / pwshTime >= 10 ? "met" : "NOT met")}); count {(pwshCount == jqCount ? "equals jq's" : $"DIFFERS from jq's ({jqCount})")}");
            }
        }
        finally
        {
            File.Delete(script);
        }
    }

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static (double Seconds, string Output) Best(Func<string> run)
    {
        var best = double.MaxValue;
        var output = string.Empty;
        for (var i = 0; i < Runs; i++)
        {
            var clock = Stopwatch.StartNew();
            var result = run().Trim();
            var seconds = clock.Elapsed.TotalSeconds;
            if (seconds < best)
            {
                (best, output) = (seconds, result);
            }
        }

        return (best, output);
    }

    private static string Shell(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = file == "cat" ? DrainAsync(process) : process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && file != "sh")
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}");
        }

        return output;
    }

    private static string DrainAsync(Process process)
    {
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        return string.Empty;
    }
}
