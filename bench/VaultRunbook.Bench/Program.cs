using System.Diagnostics;

namespace VaultRunbook.Bench;

/// <summary>
/// Benchmarks that print ratios measured side by side in one run (never asserted in tests):
///   health  Get-VaultHealth over 50 sandbox nodes with 100 ms added latency, parallel vs one-by-one (goal &lt;= 0.1)
///   import  cold Import-Module of VaultRunbook vs an empty binary module, each in a fresh real pwsh (goal &lt;= 2x)
///   search  a whole pwsh process running Search-VaultAuditLog vs grep -F -c and grep -F | jq, rare path and ~5% of lines
///   signing Invoke-VaultSign through the sandbox's transit (one at a time, batched) and the fallback key; the retries' cost
///   users   what users see, in one run: bench/Resolution's per-call cost in pwsh, Vault requests within the TTL and
///           resolver memory, then import and search
/// Usage: dotnet run --project bench/VaultRunbook.Bench -c Release -- [health|import|search|signing|users|all]
/// Needs the pinned pwsh: `dotnet tool restore` once in the repository.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var which = args.Length > 0 ? args[0] : "all";
        if (which is "users" or "all")
        {
            Console.WriteLine($"load average at start: {PwshSearchBenchmark.LoadAverage()}");
            RunResolutionBench("users");
        }

        if (which is "health" or "all")
        {
            HealthBenchmark.Run(ModulePath("VaultRunbook"));
        }

        if (which is "signing" or "all")
        {
            SigningBenchmark.Run(ModulePath("VaultRunbook"));
        }

        if (which is "import" or "users" or "all")
        {
            ImportBenchmark.Run(ModulePath("VaultRunbook"), ModulePath("EmptyModule"));
        }

        if (which is "search" or "users" or "all")
        {
            PwshSearchBenchmark.Run(ModulePath("VaultRunbook"));
        }

        return 0;
    }

    internal static string ModulePath(string name) => Path.Combine(AppContext.BaseDirectory, "Modules", name, name + ".psd1");

    // bench/Resolution (built beside this one) prints its rows itself.
    private static void RunResolutionBench(string which)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(VaultRunbook.Resolution.Bench.Pwsh.RepoRoot, "bench", "Resolution", "bin", configuration, "net10.0", "VaultRunbook.Resolution.Bench.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { dll, which }, UseShellExecute = false })!;
        process.WaitForExit();
    }
}
