using System.Diagnostics;
using System.Globalization;

namespace VaultRunbook.Bench;

/// <summary>Cold Import-Module: each sample is a fresh process, VaultRunbook and the empty module alternating.</summary>
internal static class ImportBenchmark
{
    private const int Rounds = 9;

    public static void Run(string vaultRunbook, string emptyModule)
    {
        var ours = new List<double>();
        var baseline = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            ours.Add(ColdImport(vaultRunbook));
            baseline.Add(ColdImport(emptyModule));
        }

        var o = HealthBenchmark.Median(ours);
        var b = HealthBenchmark.Median(baseline);
        Console.WriteLine($"import: cold Import-Module in a fresh process, median of {Rounds}");
        Console.WriteLine($"  empty binary module: {b,8:F1} ms");
        Console.WriteLine($"  VaultRunbook:        {o,8:F1} ms");
        Console.WriteLine($"  ratio VaultRunbook/empty: {o / b:F2}x (goal <= 2.00x) {(o / b <= 2 ? "MET" : "MISSED")}");
    }

    private static double ColdImport(string manifest)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(Program).Assembly.Location);
        }

        start.ArgumentList.Add("--import-child");
        start.ArgumentList.Add(manifest);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"import of {manifest} failed: {error}");
        }

        return double.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
