using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Pipeline;

/// <summary>
/// Issue 15: the resolver and its cache live for the session, as users call Get-RunbookSecret (one name per call),
/// and its counts reach the statistics file in batches without being lost or doubled.
/// </summary>
public sealed class SessionCacheTests : IDisposable
{
    private readonly ResolutionFixture _f = new();
    private readonly PowerShellSession _session = new();

    public void Dispose()
    {
        _session.Dispose();
        _f.Dispose();
    }

    private string One(string extra = "")
    {
        var result = _session.Run($"Get-RunbookSecret {_f.Name} {_f.Common} {extra}");
        Assert.Empty(result.Errors);
        return ResolutionFixture.Plain(Assert.Single(result.Output).BaseObject);
    }

    private long RequestsInFile() => SecretAccessStatsReader.Read(_f.StatsPath, DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddMinutes(5)).Requests;

    [Fact]
    public void Separate_calls_within_the_TTL_share_one_Vault_read()
    {
        _f.SetRollout(SecretSourceMode.Vault);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(_f.VaultValue, One());
        }

        Assert.Equal(1, _f.Peer.Reads);
    }

    [Fact]
    public void The_kill_switch_and_a_mode_change_are_seen_on_the_next_call()
    {
        // Written through the module's own file writer (FileRolloutStore), which reports each write to the session's
        // change watch before it returns: the next call sees it, whatever the watch thread is doing.
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One());

        _f.SetRollout(SecretSourceMode.Vault, killSwitch: true);
        Assert.Equal(_f.EnvValue, One());

        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One());
        _f.SetRollout(SecretSourceMode.Env);
        Assert.Equal(_f.EnvValue, One());
        Assert.Equal(1, _f.Peer.Reads); // the cache outlived the switch
    }

    [Fact]
    public void A_state_file_broken_by_another_writer_stops_the_calls_once_the_change_is_reported()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One());

        File.WriteAllText(_f.ConfigPath, "{ not json"); // written outside the module: seen once Linux reports it
        var result = Eventually.Seen(() => _session.Run($"Get-RunbookSecret {_f.Name} {_f.Common}"), r => r.Errors.Count > 0);

        Assert.Empty(result.Output);
        Assert.StartsWith("VaultRunbook.Rollout.", result.StoppingError().FullyQualifiedErrorId);
    }

    [Fact]
    public void A_map_changed_by_another_writer_is_read_once_the_change_is_reported()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One());

        File.WriteAllText(_f.MapPath, $$"""{ "{{_f.Name}}": "secret/app/hosted#pg" }""");

        Assert.Equal(_f.OtherVaultValue, Eventually.Seen(() => One(), v => v == _f.OtherVaultValue));
    }

    [Fact]
    public async Task A_repeated_call_from_the_environment_takes_the_warm_path_and_still_sees_every_change()
    {
        // As a service calls it: everything from the environment, so each call repeats the last one exactly.
        _f.SetRollout(SecretSourceMode.Vault);
        var envRollout = Path.Combine(Path.GetDirectoryName(_f.ConfigPath)!, "env-rollout.json");
        await new FileRolloutStore(envRollout).UpdateAsync(s => s with { Mode = SecretSourceMode.Env }, CancellationToken.None);
        _session.Run(
            $"$env:VAULT_RUNBOOK_SECRET_MAP = '{_f.MapPath}'; $env:VAULT_RUNBOOK_ROLLOUT = '{_f.ConfigPath}'; " +
            $"$env:VAULT_RUNBOOK_STATS = '{_f.StatsPath}'; $env:VAULT_ADDR = '{_f.Peer.Address}'; $env:VAULT_TOKEN = 'hvs.test-token'");
        string Call()
        {
            var result = _session.Run($"Get-RunbookSecret {_f.Name} -AsPlainText");
            Assert.Empty(result.Errors);
            return (string)Assert.Single(result.Output).BaseObject;
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(_f.VaultValue, Call());
        }

        Assert.Equal(1, _f.Peer.Reads);

        _f.SetRollout(SecretSourceMode.Vault, killSwitch: true); // the state file changes
        Assert.Equal(_f.EnvValue, Call());
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, Call());

        _session.Run($"$env:VAULT_RUNBOOK_ROLLOUT = '{envRollout}'"); // another state file, named by its variable
        Assert.Equal(_f.EnvValue, Call());
        _session.Run($"$env:VAULT_RUNBOOK_ROLLOUT = '{_f.ConfigPath}'");
        Assert.Equal(_f.VaultValue, Call());
        Assert.Equal(1, _f.Peer.Reads);

        _session.Run("$env:VAULT_TOKEN = 'hvs.another-token'"); // another token is another connection, with a cache of its own
        Assert.Equal(_f.VaultValue, Call());
        Assert.Equal(2, _f.Peer.Reads);

        File.WriteAllText(_f.MapPath, $$"""{ "{{_f.Name}}": "secret/app/hosted#pg" }"""); // the map changes, written outside the module
        Assert.Equal(_f.OtherVaultValue, Eventually.Seen(Call, v => v == _f.OtherVaultValue));
    }

    [Fact]
    public void A_map_replaced_by_one_of_the_same_size_and_time_is_read_once_the_change_is_reported()
    {
        // Files are replaced atomically (a new file renamed over the old), and two quick writes can share a size and
        // a timestamp: the stamp's inode and change time tell them apart.
        _f.SetRollout(SecretSourceMode.Vault);
        var first = $$"""{ "{{_f.Name}}": "secret/app/hosted#token" }""";
        var second = $$"""{ "{{_f.Name}}": "secret/app/hosted#pg"    }""";
        Assert.Equal(first.Length, second.Length);
        File.WriteAllText(_f.MapPath, first);
        Assert.Equal(_f.VaultValue, One());
        var written = File.GetLastWriteTimeUtc(_f.MapPath);

        var temp = _f.MapPath + ".new";
        File.WriteAllText(temp, second);
        File.SetLastWriteTimeUtc(temp, written);
        File.Move(temp, _f.MapPath, overwrite: true);
        Assert.Equal(written, File.GetLastWriteTimeUtc(_f.MapPath));

        Assert.Equal(_f.OtherVaultValue, Eventually.Seen(() => One(), v => v == _f.OtherVaultValue));
    }

    [Fact]
    public void NoCache_reads_Vault_afresh_and_Clear_RunbookSecretCache_empties_the_cache()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        One();
        One();
        Assert.Equal(1, _f.Peer.Reads);

        One("-NoCache");
        Assert.Equal(2, _f.Peer.Reads);
        One();
        Assert.Equal(2, _f.Peer.Reads); // -NoCache left the session's cache alone

        var cleared = _session.Run("Clear-RunbookSecretCache -Verbose", verboseAndDebug: true);
        Assert.Empty(cleared.Errors);
        Assert.Contains(cleared.Verbose, v => v.Contains("Cleared 1 session resolver(s) holding 1 cached Vault path(s)", StringComparison.Ordinal));
        One();
        Assert.Equal(3, _f.Peer.Reads);
    }

    [Fact]
    public void Counts_are_written_in_batches_and_all_of_them_when_the_module_is_removed()
    {
        for (var i = 0; i < 5; i++)
        {
            One();
        }

        Assert.Equal(1, RequestsInFile()); // the first call writes at once (a bad path is reported at once); the rest wait for the timer

        Assert.Empty(_session.Run("Remove-Module VaultRunbook").Errors);

        Assert.Equal(5, RequestsInFile());
    }

    [Fact]
    public void Closing_the_runspace_writes_the_counts_and_Get_SecretAccessStats_includes_this_sessions()
    {
        for (var i = 0; i < 4; i++)
        {
            One();
        }

        var stats = _session.Run($"Get-SecretAccessStats -StatsPath '{_f.StatsPath}'");
        Assert.Equal(4L, stats.Property(0, "Requests"));
        Assert.InRange((TimeSpan)stats.Property(0, "LastFlushAge")!, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        One();
        One();

        _session.Dispose();

        Assert.Equal(6, RequestsInFile());
    }

    [UnixFact]
    public void Two_processes_flushing_at_once_add_up_exactly_and_write_no_secret()
    {
        const int Calls = 240;
        var common = $"-SecretMap '{_f.MapPath}' -ConfigPath '{_f.ConfigPath}' -StatsPath '{_f.StatsPath}'";
        // Each process writes its counts every 40 calls (Get-SecretAccessStats flushes this session first) and the last 40 at exit.
        var script = $$"""
            foreach ($i in 1..{{Calls}}) {
                $null = Get-RunbookSecret {{_f.Name}} {{common}}
                if ($i % 40 -eq 0 -and $i -lt {{Calls}}) { $null = Get-SecretAccessStats -StatsPath '{{_f.StatsPath}}' }
            }
            'done'
            """;
        var environment = new Dictionary<string, string> { [_f.Name] = _f.EnvValue };

        var first = HostProcess.Start(script, environment);
        var second = HostProcess.Start(script, environment);
        var results = new[] { HostProcess.Wait(first), HostProcess.Wait(second) };

        foreach (var (exitCode, stdout, stderr) in results)
        {
            Assert.True(exitCode == 0 && stdout.Contains("done", StringComparison.Ordinal), stderr + stdout);
            Assert.DoesNotContain(_f.EnvValue, stdout + stderr);
        }

        var stats = SecretAccessStatsReader.Read(_f.StatsPath, DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Equal(2 * Calls, stats.Requests);
        Assert.Equal(2 * Calls, stats.EnvHits);
        var file = File.ReadAllText(_f.StatsPath);
        foreach (var secret in _f.Secrets)
        {
            Assert.DoesNotContain(secret, file);
        }
    }
}
