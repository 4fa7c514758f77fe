using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Journal;

/// <summary>
/// The module's own record of the actions Vault does not audit (DESIGN rule 12): one JSON object per line,
/// appended under an exclusive OS lock so that several processes (a scheduled task and an operator, say) never
/// interleave, each line flushed to disk before the call returns. Reading skips, and counts, lines it cannot use.
/// </summary>
public sealed class ActionJournal
{
    public const string PathVariable = "VAULT_RUNBOOK_JOURNAL";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly TimeSpan _lockTimeout;

    public ActionJournal(string path, TimeSpan? lockTimeout = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(15);
    }

    public string Path { get; }

    /// <summary>VAULT_RUNBOOK_JOURNAL, else actions.jsonl in the per-user VaultRunbook folder.</summary>
    public static string DefaultPath(Func<string, string?> environment) =>
        environment(PathVariable) is { Length: > 0 } fromVariable
            ? fromVariable
            : ConfigFolder.File("actions.jsonl");

    /// <summary>Appends one record as one line.</summary>
    /// <exception cref="ConfigurationException">VaultRunbook.Journal.Locked: another process held the file too long;
    /// VaultRunbook.Journal.IsDirectory: the path is a directory (nothing is created beside it).</exception>
    /// <exception cref="IOException">The file or its folder cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder cannot be written.</exception>
    public async Task AppendAsync(ActionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var line = JsonSerializer.Serialize(record with { File = null, LineNumber = 0 }, Json);
        var bytes = Encoding.UTF8.GetBytes(line + "\n");
        FileChecks.NotADirectory(Path, "VaultRunbook.Journal.", "the action journal");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await using var file = await FileLocks.OpenExclusiveAsync(Path, "VaultRunbook.Journal.Locked", "the action journal", _lockTimeout, cancellationToken).ConfigureAwait(false);

        // A previous writer that died mid-line left no newline: start on a fresh line so this record stays whole.
        if (file.Length > 0)
        {
            file.Seek(-1, SeekOrigin.End);
            if (file.ReadByte() != '\n')
            {
                file.WriteByte((byte)'\n');
            }
        }

        file.Seek(0, SeekOrigin.End);
        await file.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        file.Flush(flushToDisk: true);
    }

    /// <summary>The records in file order (none when the file does not exist), and how many lines were skipped.</summary>
    public (IReadOnlyList<ActionRecord> Records, int Skipped) Read()
    {
        if (!System.IO.File.Exists(Path))
        {
            return ([], 0);
        }

        var records = new List<ActionRecord>();
        var skipped = 0;
        long number = 0;
        using var stream = OpenForReading();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var record = JsonSerializer.Deserialize<ActionRecord>(line, Json);
                if (record is null)
                {
                    skipped++;
                    continue;
                }

                records.Add(record with { File = Path, LineNumber = number });
            }
            catch (JsonException)
            {
                skipped++;
            }
        }

        return (records, skipped);
    }

    // A writer holds the file for the few milliseconds of an append; a reader waits that out.
    private FileStream OpenForReading()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (IOException) when (attempt < 50 && System.IO.File.Exists(Path))
            {
                Thread.Sleep(20);
            }
        }
    }
}
