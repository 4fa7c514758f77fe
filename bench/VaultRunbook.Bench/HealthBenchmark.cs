using System.Diagnostics;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace VaultRunbook.Bench;

/// <summary>Get-VaultHealth over 50 sandbox nodes that each add 100 ms per request: default parallelism vs -ThrottleLimit 1.</summary>
internal static class HealthBenchmark
{
    private const int Nodes = 50;
    private const int LatencyMs = 100;
    private const int Rounds = 3;

    public static void Run(string manifest)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { manifest });
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        Invoke(runspace, $"$global:nodes = 1..{Nodes} | ForEach-Object {{ Start-VaultSandbox -Shares 1 -Threshold 1 -LatencyMilliseconds {LatencyMs} }}");
        try
        {
            Invoke(runspace, "$nodes | Get-VaultHealth | Out-Null"); // warm-up: JIT, first connections
            var parallel = new List<double>();
            var sequential = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                sequential.Add(Time(runspace, "$nodes | Get-VaultHealth -ThrottleLimit 1"));
                parallel.Add(Time(runspace, "$nodes | Get-VaultHealth"));
            }

            var p = Median(parallel);
            var s = Median(sequential);
            Console.WriteLine($"health: {Nodes} nodes x {LatencyMs} ms latency, median of {Rounds} rounds");
            Console.WriteLine($"  one-by-one (-ThrottleLimit 1): {s,9:F1} ms");
            Console.WriteLine($"  parallel (default throttle 32): {p,8:F1} ms");
            Console.WriteLine($"  ratio parallel/sequential: {p / s:F3} (goal <= 0.100) {(p / s <= 0.1 ? "MET" : "MISSED")}");
        }
        finally
        {
            Invoke(runspace, "$nodes | Stop-VaultSandbox -PassThru | ForEach-Object { [System.IO.Directory]::Delete($_.DataPath, $true) }");
        }
    }

    /// <summary>Milliseconds the script took; it must output <paramref name="expected"/> objects.</summary>
    internal static double Time(Runspace runspace, string script, int expected = Nodes)
    {
        var clock = Stopwatch.StartNew();
        var output = Invoke(runspace, script);
        clock.Stop();
        if (output.Count != expected)
        {
            throw new InvalidOperationException($"expected {expected} results, got {output.Count}");
        }

        return clock.Elapsed.TotalMilliseconds;
    }

    internal static ICollection<PSObject> Invoke(Runspace runspace, string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        var output = shell.AddScript(script).Invoke();
        if (shell.HadErrors)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, shell.Streams.Error));
        }

        return output;
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
