using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace VaultRunbook.Host;

/// <summary>
/// Keeps the activities that Write-Progress reported and shows the latest one as a single
/// status line on a terminal's standard error. Without a terminal, progress is dropped.
/// </summary>
internal sealed class ProgressView
{
    private readonly HostConsole _console;
    private readonly object _gate = new();
    private readonly List<(long SourceId, ProgressRecord Record)> _active = [];

    public ProgressView(HostConsole console)
    {
        _console = console;
    }

    public void Update(long sourceId, ProgressRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!_console.ErrorIsTerminal)
        {
            return;
        }

        string? line;
        lock (_gate)
        {
            _active.RemoveAll(item => item.SourceId == sourceId && item.Record.ActivityId == record.ActivityId);
            if (record.RecordType != ProgressRecordType.Completed)
            {
                _active.Add((sourceId, record));
            }
            else
            {
                // A completed parent takes its children with it.
                _active.RemoveAll(item => item.SourceId == sourceId && item.Record.ParentActivityId == record.ActivityId);
            }

            line = _active.Count == 0 ? null : Render(_active[^1].Record);
        }

        if (line is null)
        {
            _console.ClearProgress();
        }
        else
        {
            _console.ShowProgress(line);
        }
    }

    private static string Render(ProgressRecord record)
    {
        var builder = new StringBuilder();
        builder.Append(record.Activity);
        if (!string.IsNullOrWhiteSpace(record.StatusDescription))
        {
            builder.Append(": ").Append(record.StatusDescription);
        }

        if (record.PercentComplete is >= 0 and <= 100)
        {
            const int barWidth = 20;
            var filled = record.PercentComplete * barWidth / 100;
            builder.Append(" [")
                .Append('#', filled)
                .Append(' ', barWidth - filled)
                .Append("] ")
                .Append(record.PercentComplete.ToString(CultureInfo.InvariantCulture))
                .Append('%');
        }

        if (record.SecondsRemaining > 0)
        {
            builder.Append(' ')
                .Append(TimeSpan.FromSeconds(record.SecondsRemaining).ToString("c", CultureInfo.InvariantCulture))
                .Append(" left");
        }

        if (!string.IsNullOrWhiteSpace(record.CurrentOperation))
        {
            builder.Append(" - ").Append(record.CurrentOperation);
        }

        // A status line is one line: flatten anything that would break it.
        return builder.Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ').ToString();
    }
}
