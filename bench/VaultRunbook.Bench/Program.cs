using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace VaultRunbook.Bench;

/// <summary>
/// Benchmarks that print ratios measured side by side in one run (never asserted in tests):
///   health  Get-VaultHealth over 50 sandbox nodes with 100 ms added latency, parallel vs one-by-one (goal &lt;= 0.1)
///   import  cold Import-Module of VaultRunbook vs an empty binary module, each in a fresh process (goal &lt;= 2x)
/// Usage: dotnet run --project bench/VaultRunbook.Bench -c Release -- [health|import|all]
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is ["--import-child", var manifest])
        {
            return ImportChild(manifest);
        }

        var which = args.Length > 0 ? args[0] : "all";
        if (which is "health" or "all")
        {
            HealthBenchmark.Run(ModulePath("VaultRunbook"));
        }

        if (which is "import" or "all")
        {
            ImportBenchmark.Run(ModulePath("VaultRunbook"), ModulePath("EmptyModule"));
        }

        return 0;
    }

    internal static string ModulePath(string name) => Path.Combine(AppContext.BaseDirectory, "Modules", name, name + ".psd1");

    // In a fresh process: open a runspace, then time Import-Module alone, and print milliseconds.
    private static int ImportChild(string manifest)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault2());
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddCommand("Import-Module").AddParameter("Name", manifest);
        var clock = Stopwatch.StartNew();
        shell.Invoke();
        clock.Stop();
        if (shell.HadErrors)
        {
            Console.Error.WriteLine(string.Join(Environment.NewLine, shell.Streams.Error));
            return 1;
        }

        Console.WriteLine(clock.Elapsed.TotalMilliseconds.ToString("F3", CultureInfo.InvariantCulture));
        return 0;
    }
}
