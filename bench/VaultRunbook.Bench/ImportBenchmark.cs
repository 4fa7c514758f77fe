using System.Diagnostics;
using System.Globalization;
using VaultRunbook.Resolution.Bench;

namespace VaultRunbook.Bench;

/// <summary>
/// Cold Import-Module in real pwsh (the tool manifest's `dotnet pwsh`): each sample is a fresh pwsh process,
/// VaultRunbook and an empty binary module alternating. Printed: the Import-Module time inside the process (its
/// ratio is the goal's), and the whole process's time (pwsh start-up included, which dilutes the ratio) beside it.
/// </summary>
internal static class ImportBenchmark
{
    private const int Rounds = 9;

    public static void Run(string vaultRunbook, string emptyModule)
    {
        var script = Path.Combine(Path.GetTempPath(), $"vr-bench-import-{Environment.ProcessId}.ps1");
        File.WriteAllText(script, """
            param($Module)
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            Import-Module $Module -ErrorAction Stop
            $clock.Elapsed.TotalMilliseconds.ToString([cultureinfo]::InvariantCulture)
            """);
        var ours = new List<(double Import, double Process)>();
        var baseline = new List<(double Import, double Process)>();
        try
        {
            ColdImport(script, emptyModule); // the first pwsh start on the machine pays for reading pwsh from disk
            for (var round = 0; round < Rounds; round++)
            {
                ours.Add(ColdImport(script, vaultRunbook));
                baseline.Add(ColdImport(script, emptyModule));
            }
        }
        finally
        {
            File.Delete(script);
        }

        var o = HealthBenchmark.Median(ours.Select(s => s.Import).ToList());
        var b = HealthBenchmark.Median(baseline.Select(s => s.Import).ToList());
        var op = HealthBenchmark.Median(ours.Select(s => s.Process).ToList());
        var bp = HealthBenchmark.Median(baseline.Select(s => s.Process).ToList());
        Console.WriteLine($"import: cold Import-Module in a fresh process of {Pwsh.Description}, median of {Rounds}; load average {PwshSearchBenchmark.LoadAverage()}");
        Console.WriteLine($"  empty binary module: {b,8:F1} ms Import-Module ({bp,6:F0} ms whole process)");
        Console.WriteLine($"  VaultRunbook:        {o,8:F1} ms Import-Module ({op,6:F0} ms whole process)");
        Console.WriteLine($"  ratio VaultRunbook/empty: {o / b:F2}x Import-Module (goal <= 2.00x) {(o / b <= 2 ? "MET" : "MISSED")}; whole process {op / bp:F2}x");
    }

    private static (double Import, double Process) ColdImport(string script, string manifest)
    {
        var clock = Stopwatch.StartNew();
        var output = Pwsh.RunFile(script, null, manifest);
        var process = clock.Elapsed.TotalMilliseconds;
        return (double.Parse(output.Trim().Split('\n')[^1], CultureInfo.InvariantCulture), process);
    }
}
