using System.Collections;
using System.Text.Json;
using VaultRunbook.Adversarial.Tests.Support;
using VaultRunbook.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace VaultRunbook.Adversarial.Tests;

/// <summary>
/// Three pwsh processes (the built Host) change one rollout state file at once with Set-VaultCanary,
/// Enable-KillSwitch and Disable-KillSwitch. Every change a process made must be in the history once, and the
/// history must read as one sequence of changes (each entry follows from the one before): a lost update shows as a
/// missing entry, a revision that does not match the count, or two entries that both saw the same state.
/// </summary>
public sealed class ConcurrentWriterTests : IDisposable
{
    private const int Writers = 3;
    private const int Rounds = 4;

    private readonly ITestOutputHelper _output;
    private readonly string _work = Directory.CreateTempSubdirectory("vr-adv-writers-").FullName;

    public ConcurrentWriterTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Three_writer_processes_lose_no_history_entry()
    {
        var config = Path.Combine(_work, "rollout.json");
        var go = Path.Combine(_work, "go");
        var writers = Enumerable.Range(0, Writers)
            .Select(p => Task.Run(() => HostRunner.Run(TimeSpan.FromMinutes(3), null, "-NoProfile", "-NonInteractive", "-Command", WriterScript(p, config, go))))
            .ToList();

        // Every process has started and imported the module before any writes: then they write at the same time.
        var ready = Enumerable.Range(0, Writers).Select(p => Path.Combine(_work, $"ready-{p}")).ToList();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!ready.All(File.Exists) && waited.Elapsed < TimeSpan.FromMinutes(2) && !writers.Any(w => w.IsCompleted))
        {
            await Task.Delay(50);
        }

        await File.WriteAllTextAsync(go, "go");
        var results = await Task.WhenAll(writers);
        for (var p = 0; p < Writers; p++)
        {
            Assert.True(results[p].ExitCode == 0, $"writer {p} failed ({results[p].ExitCode}): {results[p].StdErr}\n{results[p].StdOut}");
        }

        // What each process says it changed: every Set (each to a percentage of its own), and each kill switch
        // toggle that reported a change.
        var changed = new List<string>();
        var unchanged = new List<string>();
        foreach (var line in results.SelectMany(r => r.StdOut.Split('\n')).Select(l => l.Trim()).Where(l => l.StartsWith("OP ", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ');
            (parts[2] == "1" ? changed : unchanged).Add(parts[1]);
        }

        Assert.Equal(Writers * Rounds * 3, changed.Count + unchanged.Count);
        var (revision, history) = ReadHistory(config);
        var problems = new List<string>();
        foreach (var reason in changed)
        {
            var count = history.Count(h => h.Reason == reason);
            if (count != 1)
            {
                problems.Add($"the change '{reason}' is in the history {count} time(s)");
            }
        }

        problems.AddRange(history.Where(h => !changed.Contains(h.Reason)).Select(h => $"the history holds '{h.Reason}' ({h.Action}), which no process reported as a change"));
        if (revision != history.Count)
        {
            problems.Add($"revision {revision} but {history.Count} history entries");
        }

        var (percent, killSwitch) = (0, false);
        foreach (var entry in history)
        {
            var follows = entry.Action switch
            {
                "SetCanary" => entry.KillSwitch == killSwitch,
                "EnableKillSwitch" => !killSwitch && entry.KillSwitch && entry.CanaryPercent == percent,
                "DisableKillSwitch" => killSwitch && !entry.KillSwitch && entry.CanaryPercent == percent,
                _ => false,
            };
            if (!follows)
            {
                problems.Add($"'{entry.Reason}' ({entry.Action} -> {entry.CanaryPercent}%, kill switch {entry.KillSwitch}) does not follow from {percent}%, kill switch {killSwitch}: a concurrent update was lost");
            }

            (percent, killSwitch) = (entry.CanaryPercent, entry.KillSwitch);
        }

        var lost = changed.Count(reason => history.Count(h => h.Reason == reason) == 0) + Math.Abs(revision - history.Count) + problems.Count(p => p.Contains("does not follow", StringComparison.Ordinal));
        AdversarialSummary.Record("writer processes", Writers);
        AdversarialSummary.Record("history entries", history.Count);
        AdversarialSummary.Record("history entries lost", lost);
        problems.ForEach(p => AdversarialSummary.Finding("concurrent writers: " + p));
        _output.WriteLine($"{changed.Count} changes reported, {unchanged.Count} no-ops; {history.Count} history entries, revision {revision}; summary: {AdversarialSummary.FilePath}");

        Assert.True(changed.Count >= Writers * Rounds, $"only {changed.Count} changes were made");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal(0, lost);
    }

    /// <summary>
    /// Writer p: in each round a Set-VaultCanary to a percentage no other call uses (always a change), then
    /// Enable-KillSwitch and Disable-KillSwitch, which another process may already have done (then no change; the
    /// cmdlet says which in its verbose message). One "OP reason changed" line per call.
    /// </summary>
    private string WriterScript(int p, string config, string go) => $$"""
        $ErrorActionPreference = 'Stop'
        $cfg = '{{config}}'
        Import-Module VaultRunbook
        Set-Content -LiteralPath '{{Path.Combine(_work, $"ready-{p}")}}' -Value ready
        while (-not (Test-Path -LiteralPath '{{go}}')) { Start-Sleep -Milliseconds 5 }
        function Changed($records, $pattern) { if (@($records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -like $pattern }).Count) { 1 } else { 0 } }
        foreach ($i in 0..{{Rounds - 1}}) {
            $percent = 1 + {{p * Rounds}} + $i
            Set-VaultCanary -ConfigPath $cfg -Percent $percent -Force -Reason "w{{p}}-set$i" -Confirm:$false
            "OP w{{p}}-set$i 1"
            $on = Enable-KillSwitch -ConfigPath $cfg -Reason "w{{p}}-on$i" -Confirm:$false -Verbose 4>&1
            "OP w{{p}}-on$i $(Changed $on '*turned on*')"
            $off = Disable-KillSwitch -ConfigPath $cfg -Reason "w{{p}}-off$i" -Confirm:$false -Verbose 4>&1
            "OP w{{p}}-off$i $(Changed $off '*turned off*')"
        }
        """;

    private static (int Revision, List<HistoryEntry> History) ReadHistory(string config)
    {
        using var session = new PowerShellSession();
        var read = session.Run("""
            $state = (Get-VaultRollout -ConfigPath $config).Stored
            [pscustomobject]@{ Revision = $state.Revision; History = @($state.History | ForEach-Object { [pscustomobject]@{ Action = $_.Action; Reason = $_.Reason; CanaryPercent = $_.CanaryPercent; KillSwitch = $_.KillSwitch } }) } | ConvertTo-Json -Depth 4 -Compress
            """, new Hashtable { ["config"] = config });
        Assert.True(read.Errors.Count == 0 && read.Terminating is null, "reading the rollout back failed: " + read.Describe());
        using var json = JsonDocument.Parse(read.Output.Single().ToString());
        var history = json.RootElement.GetProperty("History").EnumerateArray()
            .Select(e => new HistoryEntry(e.GetProperty("Action").GetString()!, e.GetProperty("Reason").GetString() ?? string.Empty, e.GetProperty("CanaryPercent").GetInt32(), e.GetProperty("KillSwitch").GetBoolean()))
            .ToList();
        return (json.RootElement.GetProperty("Revision").GetInt32(), history);
    }

    private sealed record HistoryEntry(string Action, string Reason, int CanaryPercent, bool KillSwitch);
}
