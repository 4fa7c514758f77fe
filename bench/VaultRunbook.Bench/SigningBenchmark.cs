using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace VaultRunbook.Bench;

/// <summary>
/// Invoke-VaultSign against one sandbox with a transit key, in one runspace, rounds alternating: signatures per second
/// through Vault one at a time and batched (transit batch_input), through the fallback key during an outage (a
/// 503 fault, batched so the retries are paid once), and the latency the retries add to one signature during an
/// outage against the configured backoff (200 ms then 400 ms, with jitter). Each signature is journaled (an fsync).
/// </summary>
internal static class SigningBenchmark
{
    private const int Signatures = 200;
    private const int Batch = 50;
    private const int OutageSingles = 5;
    private const int Rounds = 3;
    private const double ConfiguredBackoffMs = 200 + 400;

    public static void Run(string manifest)
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { manifest });
        using var runspace = RunspaceFactory.CreateRunspace(state);
        runspace.Open();
        var work = Path.Combine(Path.GetTempPath(), $"vr-bench-sign-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        Invoke(runspace, $$"""
            $global:VaultRunbookJournalPath = '{{Path.Combine(work, "actions.jsonl")}}'
            $global:sb = Start-VaultSandbox -Shares 1 -Threshold 1 -DataPath '{{Path.Combine(work, "sandbox")}}'
            $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
            $tok = ConvertTo-SecureString ([IO.File]::ReadAllText($sb.RootTokenPath).Trim()) -AsPlainText -Force
            $null = Initialize-VaultTransit -Address $sb.Address -Token $tok -KeyName bench -Confirm:$false
            $null = New-FallbackSigningKey -Path '{{Path.Combine(work, "vault-fallback.json")}}' -Confirm:$false
            $global:sign = @{ Address = $sb.Address; Token = $tok; KeyName = 'bench'; FallbackKeyPath = '{{Path.Combine(work, "vault-fallback.json")}}' }
            $global:items = 1..{{Signatures}} | ForEach-Object { "artifact $_" }
            """);
        try
        {
            Invoke(runspace, "$items | Select-Object -First 20 | Invoke-VaultSign @sign | Out-Null"); // warm-up: JIT, connection, public key
            var single = new List<double>();
            var batched = new List<double>();
            var fallback = new List<double>();
            var outageSingle = new List<double>();
            var vaultSingle = new List<double>();
            for (var round = 0; round < Rounds; round++)
            {
                single.Add(Time(runspace, "$items | Invoke-VaultSign @sign", Signatures));
                batched.Add(Time(runspace, $"$items | Invoke-VaultSign @sign -BatchSize {Batch}", Signatures));
                fallback.Add(Time(runspace, $"$null = $sb | Add-VaultSandboxFault -Kind Status -StatusCode 503; try {{ $items | Invoke-VaultSign @sign -BatchSize {Signatures} -AllowFallback -WarningAction SilentlyContinue }} finally {{ $null = $sb | Clear-VaultSandboxFault }}", Signatures));
                vaultSingle.Add(Time(runspace, $"$items | Select-Object -First {OutageSingles} | Invoke-VaultSign @sign", OutageSingles) / OutageSingles);
                outageSingle.Add(Time(runspace, $"$null = $sb | Add-VaultSandboxFault -Kind Status -StatusCode 503; try {{ $items | Select-Object -First {OutageSingles} | Invoke-VaultSign @sign -AllowFallback -WarningAction SilentlyContinue }} finally {{ $null = $sb | Clear-VaultSandboxFault }}", OutageSingles) / OutageSingles);
            }

            var s = HealthBenchmark.Median(single);
            var b = HealthBenchmark.Median(batched);
            var f = HealthBenchmark.Median(fallback);
            var added = HealthBenchmark.Median(outageSingle) - HealthBenchmark.Median(vaultSingle);
            Console.WriteLine($"signing: {Signatures} signatures, median of {Rounds} rounds (each signature journaled)");
            Console.WriteLine($"  through Vault, one at a time:      {Signatures / s * 1000,8:F0} signatures/s");
            Console.WriteLine($"  through Vault, batched by {Batch}:      {Signatures / b * 1000,8:F0} signatures/s  (x{s / b:F2} the one-at-a-time rate)");
            Console.WriteLine($"  fallback key during a 503 outage:  {Signatures / f * 1000,8:F0} signatures/s  (x{s / f:F2} the one-at-a-time Vault rate; one retry cycle per batch)");
            Console.WriteLine($"  retries during an outage add {added,6:F0} ms to one signature; configured backoff {ConfiguredBackoffMs:F0} ms (ratio {added / ConfiguredBackoffMs:F2})");
        }
        finally
        {
            Invoke(runspace, "$sb | Stop-VaultSandbox | Out-Null");
            Directory.Delete(work, recursive: true);
        }
    }

    private static double Time(Runspace runspace, string script, int expected) => HealthBenchmark.Time(runspace, script, expected);

    private static ICollection<PSObject> Invoke(Runspace runspace, string script) => HealthBenchmark.Invoke(runspace, script);
}
