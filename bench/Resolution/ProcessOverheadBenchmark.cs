using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Resolution.Bench;

/// <summary>
/// Start-VaultEnvProcess -Wait with five secrets from the sandbox (vault mode) against launching the same child
/// directly: from .NET (Process.Start) and as a native command in the same runspace. Warm: the runspace, the module
/// and the JIT have run it before, and the session's resolver holds the five paths in its cache. The ratio is
/// against the 50 ms goal that the row checks (the runbook's 200 ms budget is printed beside it).
/// </summary>
internal static class ProcessOverheadBenchmark
{
    private const double BudgetMs = 200;
    private const double GoalMs = 50;
    private const string Child = "/bin/true";

    public static IEnumerable<BenchRow> Run()
    {
        if (!File.Exists(Child))
        {
            Console.WriteLine($"  skipped: {Child} is not here");
            yield break;
        }

        using var sandbox = new BenchSandbox();
        var work = Directory.CreateTempSubdirectory("vr-bench-process-").FullName;
        var map = Path.Combine(work, "secrets.json");
        var entries = Enumerable.Range(0, 5).Select(i => $"\"BENCH_SECRET_{i}\": \"secret/bench/app{i}#value\"");
        File.WriteAllText(map, "{ " + string.Join(", ", entries) + " }");
        for (var i = 0; i < 5; i++)
        {
            sandbox.Put($"bench/app{i}", "value", $"v-{Guid.NewGuid():N}");
        }

        var config = Path.Combine(work, "rollout.json");
        new FileRolloutStore(config).UpdateAsync(s => s with { Mode = SecretSourceMode.Vault }, CancellationToken.None).GetAwaiter().GetResult();
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { Path.Combine(AppContext.BaseDirectory, "Modules", "VaultRunbook", "VaultRunbook.psd1") });
        state.ThrowOnRunspaceOpenError = true;
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        Invoke(runspace, $"$token = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText('{sandbox.RootTokenPath}').Trim()).SecurePassword");
        var start = $"Start-VaultEnvProcess {Child} -Wait -SecretMap '{map}' -ConfigPath '{config}' -StatsPath '{Path.Combine(work, "stats.json")}' -Address {sandbox.Address} -Token $token";

        var direct = Measure.MedianMilliseconds(5, 40, () =>
        {
            using var process = Process.Start(new ProcessStartInfo(Child) { UseShellExecute = false })!;
            process.WaitForExit();
        });
        var native = Measure.MedianMilliseconds(5, 40, () => Invoke(runspace, $"& {Child}"));
        var cmdlet = Measure.MedianMilliseconds(5, 40, () => Invoke(runspace, start));
        Directory.Delete(work, recursive: true);

        var overDirect = cmdlet - direct;
        var overNative = cmdlet - native;
        Console.WriteLine($"  {Child}: Process.Start {F(direct)} ms, '& {Child}' in the runspace {F(native)} ms, Start-VaultEnvProcess -Wait (5 secrets) {F(cmdlet)} ms");
        yield return new BenchRow(
            "Start-VaultEnvProcess overhead over the same child launched directly",
            $"+{F(overNative)} ms over '& {Child}' (+{F(overDirect)} ms over Process.Start)",
            $"{GoalMs} ms goal ({BudgetMs} ms runbook budget)",
            $"{F(GoalMs / Math.Max(overNative, 0.001))}x under the goal",
            $"<= {GoalMs} ms",
            overNative <= GoalMs && overDirect <= GoalMs);
    }

    private static void Invoke(Runspace runspace, string script)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript(script);
        shell.Invoke();
        if (shell.HadErrors)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, shell.Streams.Error));
        }
    }

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
