using System.Collections;
using System.Text.Json;
using VaultRunbook.Adversarial.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace VaultRunbook.Adversarial.Tests;

/// <summary>
/// Rotations under the sandbox's faults (error status 500 and 503, dropped connections, latency past -TimeoutSec),
/// each fault injected from a second runspace while a rotation runs, at a different moment and for a different
/// time each round. Afterwards the secret is read back from Vault and held against what each rotation reported: no
/// version lost or duplicated, the other field kept in every version, a rotation reported done stored at its
/// NewVersion, and a rotation reported failed not stored (unless reported VaultRunbook.Rotation.OutcomeUnknown or
/// VaultRunbook.Secret.OutcomeUnknown).
/// </summary>
public sealed class FaultRotationTests : SandboxScenarioTest
{
    private const int RotationsPerScenario = 10;
    /// <summary>The ids that say "Vault's answer was lost: the write may or may not have happened" (not misreported).</summary>
    private static readonly string[] OutcomeUnknown = ["VaultRunbook.Rotation.OutcomeUnknown", "VaultRunbook.Secret.OutcomeUnknown"];

    private static readonly (string Name, string Fault)[] Scenarios =
    [
        ("status 500", "-Kind Status -StatusCode 500"),
        ("status 503", "-Kind Status -StatusCode 503"),
        ("dropped connections", "-Kind Drop"),
        ("latency past -TimeoutSec", "-Kind Latency -LatencyMilliseconds 1500"),
    ];

    private readonly PowerShellSession _faults = new();

    public FaultRotationTests(ITestOutputHelper output)
        : base(output, "fault")
    {
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _faults.Dispose();
        }

        base.Dispose(disposing);
    }

    [Fact]
    public async Task Rotations_under_faults_lose_no_write_and_misreport_no_outcome()
    {
        var start = Session.Run("""
            $ErrorActionPreference = 'Stop'
            $global:sb = Start-VaultSandbox -Shares 1 -Threshold 1 -DataPath (Join-Path $work 'sandbox')
            $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
            $global:conn = @{ Address = $sb.Address; Token = (ConvertTo-SecureString ([IO.File]::ReadAllText($sb.RootTokenPath).Trim()) -AsPlainText -Force) }
            # Each request takes a tenth of a second, so a rotation's steps (mount check, read, write, verify) are
            # spread over half a second and a fault injected at a given moment lands in a given step.
            $sb.Latency = [TimeSpan]::FromMilliseconds(100)
            $sb
            """, new Hashtable { ["work"] = Work });
        Assert.True(start.Errors.Count == 0 && start.Terminating is null, "setup failed: " + start.Describe());
        _faults.Run("$null", new Hashtable { ["sb"] = start.Output[0] });

        var findings = new List<string>();
        int rotations = 0, failed = 0, rotated = 0, lost = 0, duplicated = 0, misreported = 0;
        foreach (var (name, fault) in Scenarios)
        {
            var path = "adv/fault-" + name.Split(' ')[0] + "-" + Guid.NewGuid().ToString("N")[..6];
            var keep = $"keep-{Guid.NewGuid():N}";
            var seeded = Session.Run("""
                Invoke-VaultRequest @conn POST "secret/metadata/$path" -Body @{ max_versions = 100 } | Out-Null
                Invoke-VaultRequest @conn POST "secret/data/$path" -Body @{ data = @{ value = 'initial'; keep = $keep } } | Out-Null
                """, new Hashtable { ["path"] = path, ["keep"] = keep });
            Assert.True(seeded.Errors.Count == 0 && seeded.Terminating is null, "seeding failed: " + seeded.Describe());

            var outcomes = new List<(string Value, int? NewVersion, IReadOnlyList<string> ErrorIds)>();
            for (var i = 0; i < RotationsPerScenario; i++)
            {
                var value = $"rot-{i}-{Guid.NewGuid():N}";
                var injection = Inject(fault, i);
                var result = Session.Run(
                    "Invoke-SecretRotation @conn -Path $path -Data @{ value = $value } -TimeoutSec 1 -Confirm:$false",
                    new Hashtable { ["path"] = path, ["value"] = value });
                await injection;
                _faults.Run("$sb | Clear-VaultSandboxFault -Confirm:$false");
                var newVersion = result.Output.Select(o => o.Properties["NewVersion"]?.Value).OfType<int>().Cast<int?>().FirstOrDefault();
                var ids = StreamText.Records(result).Select(r => r.FullyQualifiedErrorId.Split(',')[0]).ToList();
                outcomes.Add((value, newVersion, ids));
            }

            // A write delayed past the client's timeout lands after the client gave up: let every one land.
            await Task.Delay(TimeSpan.FromSeconds(2));
            var versions = ReadVersions(path);
            var current = versions.Keys.DefaultIfEmpty(0).Max();
            var contiguous = Enumerable.Range(1, current).ToList();
            if (!versions.Keys.Order().SequenceEqual(contiguous))
            {
                lost++;
                findings.Add($"{name}: versions are [{string.Join(",", versions.Keys.Order())}], not 1..{current}");
            }

            foreach (var (version, data) in versions.Where(v => v.Value.Keep != keep))
            {
                lost++;
                findings.Add($"{name}: version {version} lost the field 'keep'");
            }

            foreach (var (value, newVersion, ids) in outcomes)
            {
                rotations++;
                var storedAt = versions.Where(v => v.Value.Value == value).Select(v => v.Key).ToList();
                if (storedAt.Count > 1)
                {
                    duplicated++;
                    findings.Add($"{name}: one rotation's value is stored in versions {string.Join(", ", storedAt)}");
                }

                if (newVersion is { } n)
                {
                    rotated++;
                    if (!versions.TryGetValue(n, out var at) || at.Value != value)
                    {
                        lost++;
                        findings.Add($"{name}: a rotation reported version {n}, which does not hold its value (it is in [{string.Join(",", storedAt)}])");
                    }
                }
                else if (ids.Count == 0)
                {
                    misreported++;
                    findings.Add($"{name}: a rotation reported neither a version nor an error (stored in [{string.Join(",", storedAt)}])");
                }
                else
                {
                    failed++;
                    if (storedAt.Count > 0 && !ids.Intersect(OutcomeUnknown).Any())
                    {
                        misreported++;
                        findings.Add($"{name}: a rotation reported failed ({string.Join(", ", ids)}) but its value is stored as version {string.Join(", ", storedAt)}");
                    }
                }
            }

            Output.WriteLine($"{name}: {outcomes.Count(o => o.NewVersion is not null)} rotated, {outcomes.Count(o => o.NewVersion is null)} failed ({string.Join(", ", outcomes.SelectMany(o => o.ErrorIds).Distinct())}); {current} versions");
        }

        AdversarialSummary.Record("fault scenarios", Scenarios.Length);
        AdversarialSummary.Record("rotations", rotations);
        AdversarialSummary.Record("rotations failed", failed);
        AdversarialSummary.Record("writes lost", lost);
        AdversarialSummary.Record("versions duplicated", duplicated);
        AdversarialSummary.Record("outcomes misreported", misreported);
        findings.ForEach(f => AdversarialSummary.Finding("rotation under fault: " + f));
        Output.WriteLine($"summary: {AdversarialSummary.FilePath}");

        Assert.Equal(Scenarios.Length * RotationsPerScenario, rotations);
        // Each scenario has a round without a fault and a round faulted from start to end: both outcomes happen.
        Assert.True(rotated >= Scenarios.Length && failed >= Scenarios.Length, $"{rotated} rotated and {failed} failed: the faults did not bite or nothing got through");
        Assert.True(lost == 0 && duplicated == 0 && misreported == 0, $"{lost} writes lost, {duplicated} duplicated, {misreported} outcomes misreported:\n" + string.Join("\n", findings));
    }

    /// <summary>
    /// Round 0: no fault. Round 1: the fault is in force before the rotation starts and outlasts its retries. Later
    /// rounds: the fault starts at a different moment of the rotation (0.1 to 0.5 s in: the read, the write or the
    /// verification) and lasts a different time.
    /// </summary>
    private Task Inject(string fault, int round)
    {
        if (round == 0)
        {
            return Task.CompletedTask;
        }

        if (round == 1)
        {
            AddFault(fault, TimeSpan.FromSeconds(8));
            return Task.CompletedTask;
        }

        var offset = TimeSpan.FromMilliseconds(round * 53 % 500);
        var duration = TimeSpan.FromMilliseconds(100 + (round * 130 % 500));
        return Task.Run(async () =>
        {
            await Task.Delay(offset).ConfigureAwait(false);
            AddFault(fault, duration);
        });
    }

    private void AddFault(string fault, TimeSpan duration)
    {
        var added = _faults.Run($"$sb | Add-VaultSandboxFault {fault} -Duration ([TimeSpan]::FromMilliseconds({duration.TotalMilliseconds})) -Confirm:$false | Out-Null");
        Assert.True(added.Errors.Count == 0 && added.Terminating is null, "the fault was not injected: " + added.Describe());
    }

    /// <summary>Every version Vault keeps of the secret, with its two fields, read with the module's raw request cmdlet.</summary>
    private Dictionary<int, (string? Value, string? Keep)> ReadVersions(string path)
    {
        var read = Session.Run("""
            $meta = Invoke-VaultRequest @conn GET "secret/metadata/$path"
            foreach ($v in $meta.data.versions.PSObject.Properties.Name) {
                $data = (Invoke-VaultRequest @conn GET "secret/data/$path" -Query @{ version = $v }).data.data
                [pscustomobject]@{ Version = [int]$v; Value = $data.value; Keep = $data.keep } | ConvertTo-Json -Compress
            }
            """, new Hashtable { ["path"] = path });
        Assert.True(read.Errors.Count == 0 && read.Terminating is null, "reading the versions back failed: " + read.Describe());
        var versions = new Dictionary<int, (string?, string?)>();
        foreach (var line in read.Output.Select(o => o.ToString()))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            versions[root.GetProperty("Version").GetInt32()] = (root.GetProperty("Value").GetString(), root.GetProperty("Keep").GetString());
        }

        Assert.NotEmpty(versions);
        return versions;
    }
}
