using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;
using VaultRunbook.Engine.Resolution;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Engine.Unseal;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>
/// Every file parameter tells a directory, a missing file and an unreadable file apart, and creates nothing beside a
/// directory (issue 16, item 6).
/// </summary>
public sealed class FileChecksTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vr-filechecks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(_dir, name)).FullName;

    [Fact]
    public async Task A_rollout_state_path_that_is_a_directory_is_refused_for_reads_and_changes_and_leaves_no_lock()
    {
        var folder = Folder("rollout.json");
        var controller = new RolloutController(new FileRolloutStore(folder), _ => null);

        var read = await Assert.ThrowsAsync<ConfigurationException>(() => controller.GetAsync(CancellationToken.None));
        var change = await Assert.ThrowsAsync<ConfigurationException>(() => controller.SetCanaryAsync(10, null, null, false, "a", CancellationToken.None));

        Assert.Equal("VaultRunbook.Rollout.StateFileIsDirectory", read.ErrorId);
        Assert.Equal("VaultRunbook.Rollout.StateFileIsDirectory", change.ErrorId);
        Assert.Contains(folder, change.Message);
        Assert.False(File.Exists(folder + ".lock"));
    }

    [Fact]
    public async Task A_missing_rollout_state_file_is_still_the_initial_state()
    {
        var rollout = await new RolloutController(new FileRolloutStore(Path.Combine(_dir, "absent", "rollout.json")), _ => null).GetAsync(CancellationToken.None);

        Assert.Equal(0, rollout.CanaryPercent);
    }

    [Fact]
    public async Task A_statistics_path_that_is_a_directory_is_refused_and_the_writer_keeps_its_counts()
    {
        var folder = Folder("stats.json");

        var read = Assert.Throws<ConfigurationException>(() => SecretAccessStatsReader.Read(folder, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow));
        await using var recorder = new AccessStatsRecorder(folder, TimeProvider.System, Timeout.InfiniteTimeSpan);
        recorder.Record(AccessOutcome.Env, TimeSpan.FromTicks(1));
        var write = await Assert.ThrowsAsync<ConfigurationException>(() => recorder.FlushAsync());

        Assert.Equal("VaultRunbook.Resolution.StatsFileIsDirectory", read.ErrorId);
        Assert.Equal("VaultRunbook.Resolution.StatsFileIsDirectory", write.ErrorId);
        Assert.False(File.Exists(folder + ".lock"));
        Assert.False(File.Exists(folder + ".corrupt"));
        Assert.True(Directory.Exists(folder));
    }

    [Fact]
    public void A_secret_map_that_is_a_directory_or_missing_gives_two_different_errors()
    {
        var folder = Folder("map.json");

        var directory = Assert.Throws<ConfigurationException>(() => SecretMap.Load(folder));
        var missing = Assert.Throws<ConfigurationException>(() => SecretMap.Load(Path.Combine(_dir, "nope.json")));

        Assert.Equal("VaultRunbook.Resolution.SecretMapIsDirectory", directory.ErrorId);
        Assert.Equal("VaultRunbook.Resolution.SecretMapNotFound", missing.ErrorId);
    }

    [Fact]
    public void A_key_file_that_is_a_directory_or_missing_gives_two_different_errors()
    {
        var folder = Folder("keys.txt");

        var directory = Assert.Throws<ConfigurationException>(() => UnsealKeyFile.Read(folder));
        var missing = Assert.Throws<ConfigurationException>(() => UnsealKeyFile.Read(Path.Combine(_dir, "nope.txt")));

        Assert.Equal("VaultRunbook.Unseal.KeyFileIsDirectory", directory.ErrorId);
        Assert.Equal("VaultRunbook.Unseal.KeyFileNotFound", missing.ErrorId);
        Assert.Contains(folder, directory.Message);
    }

    [Fact]
    public async Task A_journal_path_that_is_a_directory_is_refused_before_anything_is_written()
    {
        var folder = Folder("actions.jsonl");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => new ActionJournal(folder, TimeSpan.FromSeconds(1)).AppendAsync(ActionRecord.Now("Unseal", "http://127.0.0.1:1", "Unsealed"), CancellationToken.None));

        Assert.Equal("VaultRunbook.Journal.IsDirectory", ex.ErrorId);
        Assert.Empty(Directory.GetFileSystemEntries(folder));
    }

    [NonRootUnixFact]
    public void An_unreadable_file_is_its_own_error()
    {
        var path = Path.Combine(_dir, "keys.txt");
        File.WriteAllText(path, "a\n");
        File.SetUnixFileMode(path, UnixFileMode.None);

        var ex = Assert.Throws<ConfigurationException>(() => UnsealKeyFile.Read(path));
        var map = Assert.Throws<ConfigurationException>(() => SecretMap.Load(path));

        Assert.Equal("VaultRunbook.Unseal.KeyFileUnreadable", ex.ErrorId);
        Assert.Equal("VaultRunbook.Resolution.SecretMapUnreadable", map.ErrorId);
    }
}
