using System.Text;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Incidents;
using Xunit;

namespace VaultRunbook.Incidents.Tests.Engine;

public sealed class IncidentStoreTests : IDisposable
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 5, 14, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "vaultrunbook-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static RunbookIncidentEntry Entry(string id, int minutes, string summary, IncidentMilestone? milestone = null) => new()
    {
        IncidentId = id, Time = Opened.AddMinutes(minutes), Kind = "Note", Summary = summary, Milestone = milestone,
    };

    [Fact]
    public async Task Appends_never_rewrite_earlier_lines_and_the_closing_is_the_last_line()
    {
        var store = new IncidentStore(_folder);
        var incident = await store.OpenAsync("vault sealed", 2, Opened, TimeZoneInfo.Utc, "alice", "ops-1", CancellationToken.None);
        var path = store.FileOf(incident.Id);
        var afterOpen = File.ReadAllBytes(path);

        await store.AppendEntriesAsync(incident.Id, [Entry(incident.Id, 5, "kill switch on", IncidentMilestone.Mitigated)], CancellationToken.None);
        var afterEntry = File.ReadAllBytes(path);
        await store.CloseAsync(incident.Id, Opened.AddMinutes(50), [new IncidentChecklistItem { Name = "KillSwitchOff", Outcome = ChecklistOutcome.Passed, Evidence = "off", CheckedBy = "rollout state" }], false, "alice", CancellationToken.None);
        var afterClose = File.ReadAllBytes(path);

        Assert.Equal(afterOpen, afterEntry[..afterOpen.Length]);
        Assert.Equal(afterEntry, afterClose[..afterEntry.Length]);
        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.Contains("\"type\":\"opened\"", lines[0], StringComparison.Ordinal);
        Assert.Contains("\"type\":\"entry\"", lines[1], StringComparison.Ordinal);
        Assert.Contains("\"type\":\"closed\"", lines[2], StringComparison.Ordinal);

        var read = store.Read(incident.Id);
        Assert.Equal(IncidentStatus.Closed, read.Status);
        Assert.Equal(TimeSpan.FromMinutes(5), read.TimeToMitigate);
        Assert.Equal(TimeSpan.FromMinutes(50), read.TimeToResolve); // no Resolved milestone: the closing resolves it
    }

    [Fact]
    public async Task A_closed_incident_takes_no_more_lines()
    {
        var store = new IncidentStore(_folder);
        var incident = await store.OpenAsync("t", 3, Opened, TimeZoneInfo.Utc, "alice", "ops-1", CancellationToken.None);
        await store.CloseAsync(incident.Id, Opened.AddMinutes(1), [], true, "alice", CancellationToken.None);
        var before = File.ReadAllBytes(store.FileOf(incident.Id));

        var refused = await Assert.ThrowsAsync<IncidentException>(() => store.AppendEntriesAsync(incident.Id, [Entry(incident.Id, 2, "late")], CancellationToken.None));

        Assert.Equal("VaultRunbook.Incident.Closed", refused.ErrorId);
        Assert.Equal(before, File.ReadAllBytes(store.FileOf(incident.Id)));
    }

    [Fact]
    public async Task A_torn_last_line_is_skipped_and_the_next_append_starts_on_a_fresh_line()
    {
        var store = new IncidentStore(_folder);
        var incident = await store.OpenAsync("t", 3, Opened, TimeZoneInfo.Utc, "alice", "ops-1", CancellationToken.None);
        File.AppendAllText(store.FileOf(incident.Id), "{\"type\":\"entry\",\"time\":\"2026-12-05T14:0", Encoding.UTF8);

        await store.AppendEntriesAsync(incident.Id, [Entry(incident.Id, 3, "after the tear", IncidentMilestone.Resolved)], CancellationToken.None);

        var read = store.Read(incident.Id);
        var entry = Assert.Single(read.Entries);
        Assert.Equal("after the tear", entry.Summary);
        Assert.Equal(Opened.AddMinutes(3), read.ResolvedAt);
    }

    [Fact]
    public async Task A_planted_token_in_a_title_or_an_entry_never_reaches_the_file()
    {
        const string token = "hvs.CAESIPlantedStoreToken0123456789";
        var store = new IncidentStore(_folder);
        var incident = await store.OpenAsync($"leak {token}", 1, Opened, TimeZoneInfo.Utc, "alice", "ops-1", CancellationToken.None);
        await store.AppendEntriesAsync(incident.Id, [Entry(incident.Id, 1, $"saw {token}") with { Properties = new Dictionary<string, string> { ["Detail"] = token } }], CancellationToken.None);

        Assert.DoesNotContain(token, File.ReadAllText(store.FileOf(incident.Id)), StringComparison.Ordinal);
        Assert.Equal("leak [redacted]", store.Read(incident.Id).Title);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("INC-2026-1")]
    [InlineData("inc-20261205-abcdef")]
    public void An_id_that_is_not_one_the_store_makes_is_refused_before_any_path_is_built(string id)
    {
        var refused = Assert.Throws<ConfigurationException>(() => new IncidentStore(_folder).FileOf(id));
        Assert.Equal("VaultRunbook.Incident.InvalidId", refused.ErrorId);
    }

    [Fact]
    public void A_folder_that_is_a_file_is_a_clear_error()
    {
        Directory.CreateDirectory(_folder);
        var file = Path.Combine(_folder, "not-a-folder");
        File.WriteAllText(file, "x");

        var refused = Assert.Throws<ConfigurationException>(() => new IncidentStore(file).List());
        Assert.Equal("VaultRunbook.Incident.FolderIsFile", refused.ErrorId);
    }

    [Fact]
    public async Task The_file_is_owner_only_on_unix()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var store = new IncidentStore(_folder);
        var incident = await store.OpenAsync("t", 3, Opened, TimeZoneInfo.Utc, "alice", "ops-1", CancellationToken.None);

        Assert.False(FilePermissions.IsReadableByOthers(store.FileOf(incident.Id)));
    }

    [Fact]
    public async Task Writers_appending_at_once_each_keep_their_line_whole()
    {
        var store = new IncidentStore(_folder);
        var incident = await store.OpenAsync("busy", 1, Opened, TimeZoneInfo.Utc, "alice", "ops-1", CancellationToken.None);
        // Separate store objects, as separate processes would have: only the OS lock orders them.
        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(() =>
            new IncidentStore(_folder).AppendEntriesAsync(incident.Id, [Entry(incident.Id, i, $"writer {i} " + new string('x', 4000))], CancellationToken.None))));

        var read = store.Read(incident.Id);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => $"writer {i}"), read.Entries.Select(e => e.Summary[..e.Summary.IndexOf(" x", StringComparison.Ordinal)]).Order(StringComparer.Ordinal).OrderBy(t => int.Parse(t[7..], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(25, File.ReadAllLines(store.FileOf(incident.Id)).Length);
    }
}
