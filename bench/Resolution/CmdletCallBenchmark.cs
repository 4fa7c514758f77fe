using System.Globalization;
using System.Net.Http.Json;
using VaultRunbook.Engine.Rollout;

namespace VaultRunbook.Resolution.Bench;

/// <summary>
/// What a script or a long-running PowerShell service pays per Get-RunbookSecret call, measured as it runs: in real
/// pwsh (`dotnet pwsh`), warm, one name per call, the paths and the connection taken from the environment
/// (VAULT_RUNBOOK_SECRET_MAP, VAULT_RUNBOOK_ROLLOUT, VAULT_RUNBOOK_STATS, VAULT_ADDR, VAULT_TOKEN), against an empty
/// binary cmdlet (the pipeline's own cost) in the same process, rounds interleaved. And the Vault requests that
/// 1,000 vault-mode calls within the cache TTL make, counted at the sandbox by its file audit device.
/// </summary>
internal static class CmdletCallBenchmark
{
    private const int Calls = 1000;
    private const int Rounds = 7;
    private const string SecretPath = "bench/percall";

    public static IEnumerable<BenchRow> Run()
    {
        using var sandbox = new BenchSandbox();
        var work = Directory.CreateTempSubdirectory("vr-bench-percall-").FullName;
        var audit = Path.Combine(work, "audit.log");
        var token = File.ReadAllText(sandbox.RootTokenPath).Trim();
        EnableAudit(sandbox.Address, token, audit);
        sandbox.Put(SecretPath, "value", $"v-{Guid.NewGuid():N}");
        File.WriteAllText(Path.Combine(work, "map.json"), $$"""{ "BENCH_DB_PASSWORD": "secret/{{SecretPath}}#value" }""");
        WriteRollout(Path.Combine(work, "env.json"), SecretSourceMode.Env);
        WriteRollout(Path.Combine(work, "vault.json"), SecretSourceMode.Vault);
        var script = Path.Combine(work, "percall.ps1");
        File.WriteAllText(script, Script);

        var output = Pwsh.RunFile(
            script,
            new Dictionary<string, string>
            {
                ["BENCH_DB_PASSWORD"] = $"env-{Guid.NewGuid():N}",
                ["VAULT_RUNBOOK_SECRET_MAP"] = Path.Combine(work, "map.json"),
                ["VAULT_RUNBOOK_STATS"] = Path.Combine(work, "stats.json"),
                ["VAULT_ADDR"] = sandbox.Address,
                ["VAULT_TOKEN"] = token,
                ["VAULT_RUNBOOK_CHANGE_WATCH"] = "on", // the default, whatever the caller's environment says
            },
            Pwsh.ModulePath("VaultRunbook"),
            Pwsh.ModulePath("EmptyModule"),
            work,
            audit,
            SecretPath);
        Directory.Delete(work, recursive: true);

        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.Contains('='))
            .Select(l => l.Split('=', 2))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
        double V(string name) => values[name];
        Console.WriteLine($"  in {Pwsh.Description}, median of {Rounds} interleaved rounds of {Calls:N0} calls, warm; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        Console.WriteLine($"  [Environment]::GetEnvironmentVariable {F(V("getenv"))} us; $env:BENCH_DB_PASSWORD {F(V("envvar"))} us; empty binary cmdlet {F(V("empty"))} us; an empty one binding the same argument (Get-NothingFor NAME) {F(V("emptyarg"))} us; an empty one with Get-RunbookSecret's parameters (Get-NothingLikeSecret NAME) {F(V("emptysurface"))} us");
        Console.WriteLine($"  Get-RunbookSecret env mode {F(V("env"))} us; vault mode (cached) {F(V("vault"))} us; env mode -SecretMap <path> given {F(V("explicit"))} us; -AsPlainText {F(V("plain"))} us");
        Console.WriteLine($"  Vault KV reads seen by the sandbox's audit device: {V("reads_before"):0} while warming up (the first call's miss), {V("reads_during"):0} during {Calls:N0} timed vault-mode calls");
        Console.WriteLine(V("stats_during") < 0
            ? "  No change watch on this system: every call stats the map and the state file"
            : $"  Stats of the map and the state file during those {Calls:N0} calls ({V("stat_seconds"):0.00} s): {V("stats_during"):0}, against {2 * Calls:N0} with a stat per call (the change watch re-stats each file at most once a second)");

        var envRatio = V("env") / V("empty");
        var vaultRatio = V("vault") / V("empty");
        yield return new BenchRow(
            "warm Get-RunbookSecret call (env mode) vs an empty binary cmdlet, in pwsh",
            $"{F(V("env"))} us",
            $"{F(V("empty"))} us",
            $"{envRatio.ToString("0.00", CultureInfo.InvariantCulture)}x",
            "<= 2x",
            envRatio <= 2);
        yield return new BenchRow(
            "warm Get-RunbookSecret call (vault mode, cached) vs an empty binary cmdlet, in pwsh",
            $"{F(V("vault"))} us",
            $"{F(V("empty"))} us",
            $"{vaultRatio.ToString("0.00", CultureInfo.InvariantCulture)}x",
            "<= 2x",
            vaultRatio <= 2);
        var bindingRatio = V("env") / V("emptyarg");
        yield return new BenchRow(
            "warm Get-RunbookSecret call (env mode) vs an empty cmdlet binding the same one argument, in pwsh",
            $"{F(V("env"))} us",
            $"{F(V("emptyarg"))} us",
            $"{bindingRatio.ToString("0.00", CultureInfo.InvariantCulture)}x",
            "- (the module's own work)",
            null);
        yield return new BenchRow(
            $"Vault requests made by {Calls:N0} vault-mode calls within the TTL (sandbox audit log)",
            $"{V("reads_during"):0}",
            $"{Calls:N0} before the session cache",
            "-",
            "0",
            V("reads_during") == 0);
        if (V("stats_during") >= 0)
        {
            yield return new BenchRow(
                $"stats of the map and the state file by {Calls:N0} warm calls (the change watch)",
                $"{V("stats_during"):0}",
                $"{2 * Calls:N0} with a stat per call",
                "-",
                "<= 2 a second",
                V("stats_during") <= 2 * (Math.Ceiling(V("stat_seconds")) + 1));
        }
    }

    private static void EnableAudit(string address, string token, string file)
    {
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        using var request = new HttpRequestMessage(HttpMethod.Put, "/v1/sys/audit/bench")
        {
            Content = JsonContent.Create(new { type = "file", options = new { file_path = file } }),
        };
        request.Headers.Add("X-Vault-Token", token);
        using var response = http.Send(request);
        response.EnsureSuccessStatusCode();
    }

    private static void WriteRollout(string path, SecretSourceMode mode) =>
        new FileRolloutStore(path).UpdateAsync(s => s with { Mode = mode }, CancellationToken.None).GetAwaiter().GetResult();

    private static string F(double microseconds) => microseconds.ToString("0.0", CultureInfo.InvariantCulture);

    // Each timed block is the same loop; only the command differs. Rounds interleave the contenders so load on the
    // machine hits them alike. Results: microseconds per call, name=value per line.
    private const string Script = """
        param($Module, $Empty, $Work, $Audit, $SecretPath)
        $ErrorActionPreference = 'Stop'
        Import-Module $Module, $Empty
        $envRollout = Join-Path $Work env.json
        $vaultRollout = Join-Path $Work vault.json
        $map = Join-Path $Work map.json
        $watch = (Get-Command Get-RunbookSecret).ImplementingType.Assembly.GetType('VaultRunbook.Cmdlets.Resolution.FileChangeWatcher')
        $watcher = $watch.GetProperty('Instance', [Reflection.BindingFlags]'Static,Public,NonPublic').GetValue($null)
        function Stats { if ($watcher) { $watcher.Stats } else { -1 } }
        function Reads { @(Select-String -LiteralPath $Audit -SimpleMatch "secret/data/$SecretPath" | Where-Object { $_.Line.Contains('"type":"request"') -and $_.Line.Contains('"operation":"read"') }).Count }
        function Median($values) { $sorted = $values | Sort-Object; $sorted[[int][math]::Floor($sorted.Count / 2)] }
        $t = @{ getenv = @(); envvar = @(); empty = @(); emptyarg = @(); emptysurface = @(); env = @(); vault = @(); explicit = @(); plain = @() }
        foreach ($round in 0..9) {
            $timed = $round -ge 3   # three warm-up rounds: the JIT and the session's resolvers settle
            $t.getenv += (Measure-Command { foreach ($i in 1..1000) { $null = [Environment]::GetEnvironmentVariable('BENCH_DB_PASSWORD') } }).TotalMilliseconds
            $t.envvar += (Measure-Command { foreach ($i in 1..1000) { $null = $env:BENCH_DB_PASSWORD } }).TotalMilliseconds
            $t.empty += (Measure-Command { foreach ($i in 1..1000) { $null = Get-Nothing } }).TotalMilliseconds
            $t.emptyarg += (Measure-Command { foreach ($i in 1..1000) { $null = Get-NothingFor BENCH_DB_PASSWORD } }).TotalMilliseconds
            $t.emptysurface += (Measure-Command { foreach ($i in 1..1000) { $null = Get-NothingLikeSecret BENCH_DB_PASSWORD } }).TotalMilliseconds
            $env:VAULT_RUNBOOK_ROLLOUT = $envRollout
            $t.env += (Measure-Command { foreach ($i in 1..1000) { $null = Get-RunbookSecret BENCH_DB_PASSWORD } }).TotalMilliseconds
            $t.explicit += (Measure-Command { foreach ($i in 1..1000) { $null = Get-RunbookSecret BENCH_DB_PASSWORD -SecretMap $map } }).TotalMilliseconds
            $t.plain += (Measure-Command { foreach ($i in 1..1000) { $null = Get-RunbookSecret BENCH_DB_PASSWORD -AsPlainText } }).TotalMilliseconds
            $env:VAULT_RUNBOOK_ROLLOUT = $vaultRollout
            if ($round -eq 3) { $readsBefore = Reads; $statsBefore = Stats; $statClock = [Diagnostics.Stopwatch]::StartNew() }
            $t.vault += (Measure-Command { foreach ($i in 1..1000) { $null = Get-RunbookSecret BENCH_DB_PASSWORD } }).TotalMilliseconds
            if ($round -eq 3) { $statsDuring = (Stats) - $statsBefore; $statSeconds = $statClock.Elapsed.TotalSeconds; $readsDuring = (Reads) - $readsBefore }
            if (-not $timed) { foreach ($k in @($t.Keys)) { $t[$k] = @() } }
        }
        foreach ($k in $t.Keys) { '{0}={1}' -f $k, (Median $t[$k]).ToString([cultureinfo]::InvariantCulture) }
        "reads_before=$readsBefore"
        "reads_during=$readsDuring"
        "stats_during=$statsDuring"
        'stat_seconds={0}' -f $statSeconds.ToString([cultureinfo]::InvariantCulture)
        'version={0}.{1}' -f $PSVersionTable.PSVersion.Major, $PSVersionTable.PSVersion.Minor
        """;
}
