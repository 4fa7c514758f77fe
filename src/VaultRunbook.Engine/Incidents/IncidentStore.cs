using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Incidents;

/// <summary>
/// The incidents folder: one append-only JSON-lines file per incident (&lt;id&gt;.jsonl), its first line the opening,
/// then the timeline entries, then the closing with the checklist. Each append takes the same exclusive OS lock the
/// action journal takes, never rewrites an earlier line, and is flushed to disk before it returns. Files are created
/// owner-only on Unix. Nothing in it is ever a secret: entries come through <see cref="RunbookObjectSummarizer"/>.
/// </summary>
public sealed partial class IncidentStore
{
    public const string FolderVariable = "VAULT_RUNBOOK_INCIDENTS";

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly TimeSpan _lockTimeout;

    public IncidentStore(string folder, TimeSpan? lockTimeout = null)
    {
        Folder = Path.GetFullPath(folder);
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(15);
    }

    public string Folder { get; }

    /// <summary>VAULT_RUNBOOK_INCIDENTS, else the incidents folder in the per-user VaultRunbook folder (beside actions.jsonl).</summary>
    public static string DefaultFolder(Func<string, string?> environment) =>
        environment(FolderVariable) is { Length: > 0 } fromVariable ? fromVariable : ConfigFolder.File("incidents");

    /// <summary>The file of an incident id.</summary>
    /// <exception cref="ConfigurationException">VaultRunbook.Incident.InvalidId: not an id this store makes (INC-yyyyMMdd-xxxxxx).</exception>
    public string FileOf(string id) => Path.Combine(Folder, CheckId(id) + ".jsonl");

    /// <summary>Opens a new incident: a new file whose first line is the opening record.</summary>
    /// <exception cref="ConfigurationException">VaultRunbook.Incident.FolderIsFile: the folder is a file.</exception>
    public async Task<RunbookIncident> OpenAsync(string title, int severity, DateTimeOffset openedAt, TimeZoneInfo zone, string user, string machine, CancellationToken cancellationToken)
    {
        var (respondBy, escalateBy) = IncidentDeadlines.For(severity, openedAt, zone);
        CheckFolder();
        Directory.CreateDirectory(Folder);
        for (var attempt = 0; ; attempt++)
        {
            var id = $"INC-{openedAt.UtcDateTime:yyyyMMdd}-{Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant()}";
            var line = new IncidentLine
            {
                Type = IncidentLine.Opened, Time = openedAt, Id = id, Title = SecretScrubber.Scrub(title), Severity = severity,
                RespondBy = respondBy, EscalateBy = escalateBy, User = user, Machine = machine,
            };
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            try
            {
                await using (var file = new FileStream(FileOf(id), options))
                {
                    await file.WriteAsync(Encoding.UTF8.GetBytes(Serialize(line)), cancellationToken).ConfigureAwait(false);
                    file.Flush(flushToDisk: true);
                }

                return Read(id);
            }
            catch (IOException) when (attempt < 5 && File.Exists(FileOf(id)))
            {
                // Another incident opened the same second with the same random suffix: take another.
            }
        }
    }

    /// <summary>Appends timeline entries to an open incident, as they are given.</summary>
    /// <exception cref="IncidentException">VaultRunbook.Incident.NotFound, .Closed, .Unreadable.</exception>
    /// <exception cref="ConfigurationException">VaultRunbook.Incident.Locked, .InvalidId.</exception>
    public Task AppendEntriesAsync(string id, IReadOnlyList<RunbookIncidentEntry> entries, CancellationToken cancellationToken) =>
        AppendAsync(id, entries.Select(e => new IncidentLine
        {
            Type = IncidentLine.Entry, Time = e.Time, Kind = e.Kind, Summary = SecretScrubber.Scrub(e.Summary), EntrySeverity = e.Severity,
            Milestone = e.Milestone, Properties = e.Properties.Count == 0 ? null : e.Properties.ToDictionary(p => p.Key, p => SecretScrubber.Scrub(p.Value)),
            User = e.User,
        }).ToList(), cancellationToken);

    /// <summary>Appends the closing line with the checklist: the incident is closed from then on.</summary>
    public async Task<RunbookIncident> CloseAsync(string id, DateTimeOffset closedAt, IReadOnlyList<IncidentChecklistItem> checklist, bool forced, string user, CancellationToken cancellationToken)
    {
        await AppendAsync(id, [new IncidentLine { Type = IncidentLine.Closed, Time = closedAt, Checklist = checklist, Forced = forced, User = user }], cancellationToken).ConfigureAwait(false);
        return Read(id);
    }

    /// <summary>Reads one incident.</summary>
    /// <exception cref="IncidentException">VaultRunbook.Incident.NotFound, .Unreadable (no opening line).</exception>
    public RunbookIncident Read(string id)
    {
        var path = FileOf(id);
        if (!File.Exists(path))
        {
            throw NotFound(id);
        }

        try
        {
            using var stream = OpenForReading(path);
            return Parse(stream, path, id);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw FileChecks.Unreadable(path, "VaultRunbook.Incident.", "the incident file", ex);
        }
    }

    /// <summary>Every incident in the folder, oldest first; files that are not incidents are skipped and named in <c>Skipped</c>.</summary>
    public (IReadOnlyList<RunbookIncident> Incidents, IReadOnlyList<string> Skipped) List()
    {
        CheckFolder();
        if (!Directory.Exists(Folder))
        {
            return ([], []);
        }

        var incidents = new List<RunbookIncident>();
        var skipped = new List<string>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.jsonl"))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            if (!IdPattern().IsMatch(id))
            {
                continue;
            }

            try
            {
                incidents.Add(Read(id));
            }
            catch (Exception ex) when (ex is EngineException or IOException or UnauthorizedAccessException)
            {
                skipped.Add(path);
            }
        }

        return (incidents.OrderBy(i => i.OpenedAt).ThenBy(i => i.Id, StringComparer.Ordinal).ToList(), skipped);
    }

    private async Task AppendAsync(string id, IReadOnlyList<IncidentLine> lines, CancellationToken cancellationToken)
    {
        var path = FileOf(id);
        if (!File.Exists(path))
        {
            throw NotFound(id);
        }

        await using var file = await FileLocks.OpenExclusiveAsync(path, "VaultRunbook.Incident.Locked", "the incident file", _lockTimeout, cancellationToken).ConfigureAwait(false);
        // Decided under the lock, so two closers (or a closer and a writer) cannot both succeed.
        var current = Parse(file, path, id);
        if (current.Status == IncidentStatus.Closed)
        {
            throw new IncidentException("VaultRunbook.Incident.Closed", ErrorKind.InvalidOperation, $"The incident {id} was closed at {current.ClosedAt:u}; nothing more can be added to it.") { Target = id };
        }

        // A writer that died mid-line left no newline: start on a fresh line so this one stays whole.
        if (file.Length > 0)
        {
            file.Seek(-1, SeekOrigin.End);
            if (file.ReadByte() != '\n')
            {
                file.WriteByte((byte)'\n');
            }
        }

        file.Seek(0, SeekOrigin.End);
        var text = string.Concat(lines.Select(Serialize));
        await file.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }

    private static RunbookIncident Parse(Stream stream, string path, string id)
    {
        stream.Seek(0, SeekOrigin.Begin);
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        RunbookIncident? incident = null;
        var entries = new List<RunbookIncidentEntry>();
        while (reader.ReadLine() is { } text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            IncidentLine? line;
            try
            {
                line = JsonSerializer.Deserialize<IncidentLine>(text, Json);
            }
            catch (JsonException)
            {
                continue; // a torn line from a writer that died: the lines around it still tell the story
            }

            if (line is null)
            {
                continue;
            }

            if (incident is null)
            {
                if (line.Type != IncidentLine.Opened || line.Id is null || line.Title is null || line.Severity is null || line.RespondBy is null)
                {
                    break;
                }

                incident = new RunbookIncident
                {
                    Id = line.Id, Title = line.Title, Severity = line.Severity.Value, OpenedAt = line.Time, RespondBy = line.RespondBy.Value,
                    EscalateBy = line.EscalateBy, OpenedBy = line.User, File = path,
                };
            }
            else if (line.Type == IncidentLine.Entry)
            {
                entries.Add(new RunbookIncidentEntry
                {
                    IncidentId = incident.Id, Time = line.Time, Kind = line.Kind ?? "Note", Summary = line.Summary ?? string.Empty,
                    Severity = line.EntrySeverity ?? SummarySeverity.Info, Milestone = line.Milestone,
                    Properties = line.Properties ?? new Dictionary<string, string>(), User = line.User,
                });
            }
            else if (line.Type == IncidentLine.Closed && incident.Status == IncidentStatus.Open)
            {
                incident = incident with { Status = IncidentStatus.Closed, ClosedAt = line.Time, Checklist = line.Checklist ?? [], ClosedWithForce = line.Forced == true };
            }
        }

        if (incident is null)
        {
            throw new IncidentException("VaultRunbook.Incident.Unreadable", ErrorKind.InvalidData, $"The incident file '{path}' does not start with an opening record.") { Target = id };
        }

        var mitigated = entries.Where(e => e.Milestone == IncidentMilestone.Mitigated).Select(e => (DateTimeOffset?)e.Time).Min();
        var resolved = entries.Where(e => e.Milestone == IncidentMilestone.Resolved).Select(e => (DateTimeOffset?)e.Time).Max() ?? incident.ClosedAt;
        return incident with { Entries = entries, MitigatedAt = mitigated, ResolvedAt = resolved };
    }

    private IncidentException NotFound(string id) =>
        new("VaultRunbook.Incident.NotFound", ErrorKind.ObjectNotFound, $"There is no incident '{id}' in '{Folder}'.") { Target = id };

    private static string Serialize(IncidentLine line) => JsonSerializer.Serialize(line, Json) + "\n";

    private static string CheckId(string id) =>
        IdPattern().IsMatch(id)
            ? id
            : throw new ConfigurationException("VaultRunbook.Incident.InvalidId", $"'{SecretScrubber.Scrub(id)}' is not an incident id (INC-yyyyMMdd-xxxxxx, as New-RunbookIncident gives).") { Target = SecretScrubber.Scrub(id) };

    private void CheckFolder()
    {
        if (File.Exists(Folder))
        {
            throw new ConfigurationException("VaultRunbook.Incident.FolderIsFile", $"The incidents folder '{Folder}' is a file; give a folder.") { Target = Folder };
        }
    }

    private static FileStream OpenForReading(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (IOException) when (attempt < 50 && File.Exists(path))
            {
                Thread.Sleep(20);
            }
        }
    }

    [GeneratedRegex("^INC-[0-9]{8}-[0-9a-f]{6}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
