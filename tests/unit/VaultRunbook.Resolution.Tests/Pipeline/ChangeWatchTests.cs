using System.Globalization;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using VaultRunbook.Testing;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Pipeline;

/// <summary>
/// Issue 15: a warm call stats neither the map nor the state file while Linux reports no change to them, and still
/// sees every change: one written through the module on the next call, one written by another process once it is
/// reported, and, where events cannot be trusted (a path through a symbolic link, as a Kubernetes volume is), on the
/// next call because every call stats the file.
/// </summary>
public sealed class ChangeWatchTests : IDisposable
{
    private readonly ResolutionFixture _f = new();
    private readonly PowerShellSession _session = new();

    public ChangeWatchTests()
    {
        // One SecureString for every call, as a service holds its token: the calls' inputs are then equal and each call takes the warm path.
        Assert.Empty(_session.Run("$token = [System.Net.NetworkCredential]::new('', 'hvs.test-token').SecurePassword").Errors);
    }

    public void Dispose()
    {
        _session.Dispose();
        _f.Dispose();
    }

    private string Arguments(string map) =>
        $"-SecretMap '{map}' -ConfigPath '{_f.ConfigPath}' -StatsPath '{_f.StatsPath}' -Address {_f.Peer.Address} -Token $token";

    private string One(string? map = null)
    {
        var result = _session.Run($"Get-RunbookSecret {_f.Name} {Arguments(map ?? _f.MapPath)}");
        Assert.Empty(result.Errors);
        return ResolutionFixture.Plain(Assert.Single(result.Output).BaseObject);
    }

    [UnixFact]
    public void Warm_calls_stat_nothing_while_no_change_is_reported()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One());

        // The module's change watch, found through the cmdlet's own assembly: its count of stats before and after
        // 1,000 calls, the time they took, and whether the two files' stamps are reused between calls.
        var result = _session.Run($$"""
            $watch = (Get-Command Get-RunbookSecret).ImplementingType.Assembly.GetType('VaultRunbook.Cmdlets.Resolution.FileChangeWatcher')
            $watcher = $watch.GetProperty('Instance', [System.Reflection.BindingFlags]'Static,Public,NonPublic').GetValue($null)
            $before = $watcher.Stats
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            foreach ($i in 1..1000) { $null = Get-RunbookSecret {{_f.Name}} {{Arguments(_f.MapPath)}} }
            $clock.Stop()
            $watcher.Stats - $before
            $clock.Elapsed.TotalSeconds
            $watcher.IsTrusted('{{_f.MapPath}}')
            $watcher.IsTrusted('{{_f.ConfigPath}}')
            """);
        Assert.Empty(result.Errors);
        var stats = Convert.ToInt64(result.Output[0].BaseObject, CultureInfo.InvariantCulture);
        var seconds = Convert.ToDouble(result.Output[1].BaseObject, CultureInfo.InvariantCulture);
        var local = LocalFileSystem(Path.GetDirectoryName(_f.MapPath)!);

        Assert.Equal(local, (bool)result.Output[2].BaseObject);
        Assert.Equal(local, (bool)result.Output[3].BaseObject);
        if (local)
        {
            // At most one stat of each file per second of calls (the safety net), against 2,000 with a stat per call.
            Assert.InRange(stats, 0, 2 * ((long)Math.Ceiling(seconds) + 1));
        }
        else
        {
            Assert.True(stats >= 2000, $"{stats} stats: where events cannot be trusted, every call stats both files");
        }

        Assert.Equal(1, _f.Peer.Reads);
    }

    [UnixFact]
    public void A_kill_switch_written_by_another_process_is_seen_once_reported_in_place_or_renamed_over()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One());
        using var elsewhere = new TempDirectory();
        var killed = elsewhere.File("killed.json");
        var live = elsewhere.File("live.json");
        new FileRolloutStore(killed).UpdateAsync(s => s with { Mode = SecretSourceMode.Vault, KillSwitch = true }, CancellationToken.None).GetAwaiter().GetResult();
        new FileRolloutStore(live).UpdateAsync(s => s with { Mode = SecretSourceMode.Vault }, CancellationToken.None).GetAwaiter().GetResult();

        Shell($"cat '{killed}' > '{_f.ConfigPath}'"); // in place: the same file, truncated and written by another process
        var afterWrite = Eventually.Seen(() => One(), v => v == _f.EnvValue);
        Assert.Equal(_f.EnvValue, afterWrite);

        Shell($"cp '{live}' '{_f.ConfigPath}.new' && mv '{_f.ConfigPath}.new' '{_f.ConfigPath}'"); // replaced by a rename
        var afterRename = Eventually.Seen(() => One(), v => v == _f.VaultValue);
        Assert.Equal(_f.VaultValue, afterRename);
        Assert.Equal(1, _f.Peer.Reads);
    }

    [UnixFact]
    public void A_map_behind_a_symlink_swapped_as_a_Kubernetes_volume_swaps_it_is_read_on_the_next_call()
    {
        // A ConfigMap volume: secrets.json -> ..data/secrets.json, and ..data -> a timestamped folder, swapped by a rename.
        var volume = TwoMaps("volume", "v1", "v2");
        File.CreateSymbolicLink(Path.Combine(volume, "..data"), "v1");
        File.CreateSymbolicLink(Path.Combine(volume, "secrets.json"), "..data/secrets.json");
        var map = Path.Combine(volume, "secrets.json");
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One(map));
        Assert.Equal(_f.VaultValue, One(map));

        File.CreateSymbolicLink(Path.Combine(volume, "..data_tmp"), "v2");
        Shell($"mv -T '{Path.Combine(volume, "..data_tmp")}' '{Path.Combine(volume, "..data")}'");

        Assert.Equal(_f.OtherVaultValue, One(map)); // the very next call, no waiting
    }

    [UnixFact]
    public void A_map_in_a_release_folder_reached_through_a_swapped_symlink_is_read_on_the_next_call()
    {
        var releases = TwoMaps("releases", "r1", "r2");
        Directory.CreateSymbolicLink(Path.Combine(releases, "current"), "r1");
        var map = Path.Combine(releases, "current", "secrets.json");
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One(map));

        Directory.CreateSymbolicLink(Path.Combine(releases, "next"), "r2");
        Shell($"mv -T '{Path.Combine(releases, "next")}' '{Path.Combine(releases, "current")}'");

        Assert.Equal(_f.OtherVaultValue, One(map));
    }

    [UnixFact]
    public void A_kill_switch_set_by_the_module_in_the_same_session_is_seen_on_the_next_call()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One());

        var killed = _session.Run($"Enable-KillSwitch -ConfigPath '{_f.ConfigPath}' -Reason 'vault incident' -Confirm:$false; Get-RunbookSecret {_f.Name} {Arguments(_f.MapPath)}");
        Assert.Empty(killed.Errors);
        Assert.Equal(_f.EnvValue, ResolutionFixture.Plain(killed.Output.Last().BaseObject));
    }

    [Fact]
    public void Clear_RunbookSecretCache_after_an_edit_outside_the_module_makes_the_next_call_read_it()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        Assert.Equal(_f.VaultValue, One());

        File.WriteAllText(_f.MapPath, $$"""{ "{{_f.Name}}": "secret/app/hosted#pg" }""");
        Assert.Empty(_session.Run("Clear-RunbookSecretCache").Errors);

        Assert.Equal(_f.OtherVaultValue, One()); // whether or not the change was reported yet
    }

    [UnixFact]
    public void With_the_change_watch_off_every_call_stats_and_sees_an_outside_edit_on_the_next_call()
    {
        // Another process (the variable is process-wide): a script that edits the map itself, then calls at once.
        _f.SetRollout(SecretSourceMode.Vault);
        var script = $$"""
            $token = [System.Net.NetworkCredential]::new('', 'hvs.test-token').SecurePassword
            function Call { Get-RunbookSecret {{_f.Name}} {{Arguments(_f.MapPath)}} -AsPlainText }
            $watch = (Get-Command Get-RunbookSecret).ImplementingType.Assembly.GetType('VaultRunbook.Cmdlets.Resolution.FileChangeWatcher')
            $first = Call
            foreach ($i in 1..20) {
                [System.IO.File]::WriteAllText('{{_f.MapPath}}', '{ "{{_f.Name}}": "secret/app/hosted#' + ('token', 'pg')[$i % 2] + '" }')
                $seen = Call
                if ($seen -ne ($first, '{{_f.OtherVaultValue}}')[$i % 2]) { "missed at $i"; exit 1 }
            }
            'started the watch: ' + $watch.GetField('Shared', [System.Reflection.BindingFlags]'Static,NonPublic').GetValue($null).IsValueCreated
            'done'
            """;

        var (exitCode, stdout, stderr) = HostProcess.Run(script, new Dictionary<string, string> { ["VAULT_RUNBOOK_CHANGE_WATCH"] = "off", [_f.Name] = _f.EnvValue });

        Assert.True(exitCode == 0 && stdout.Contains("done", StringComparison.Ordinal), stdout + stderr);
        Assert.Contains("started the watch: False", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(_f.VaultValue, stdout + stderr);
    }

    // A folder holding two versions of the map: the first names the Vault field "token", the second "pg".
    private string TwoMaps(string folder, string first, string second)
    {
        var root = _f.Directory.File(folder);
        foreach (var (version, field) in new[] { (first, "token"), (second, "pg") })
        {
            Directory.CreateDirectory(Path.Combine(root, version));
            File.WriteAllText(Path.Combine(root, version, "secrets.json"), $$"""{ "{{_f.Name}}": "secret/app/hosted#{{field}}" }""");
        }

        return root;
    }

    // Whether Linux reports every change in the folder to this kernel's inotify: the file system types the watch trusts.
    private static bool LocalFileSystem(string folder)
    {
        var type = Shell($"stat -f -c %T '{folder}'").Trim();
        return type is "ext2/ext3" or "ext4" or "xfs" or "btrfs" or "tmpfs" or "f2fs";
    }

    private static string Shell(string command)
    {
        var (exitCode, output, error) = Tool.Run("/bin/sh", "-c", command);
        Assert.True(exitCode == 0, $"{command}: {error}");
        return output;
    }
}
