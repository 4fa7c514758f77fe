using System.Buffers;
using System.Text;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// A search fed one line (or one text of several lines) at a time, as PowerShell's pipeline gives them
/// (<c>Get-Content log | Search-VaultAuditLog</c>). Lines are numbered across calls. Create one with
/// <see cref="AuditLogSearcher.CreateLineSearch"/>.
/// </summary>
public sealed class AuditLineSearch
{
    private readonly AuditLineMatcher _matcher;
    private readonly SourceTally _tally;
    private readonly MatchSink _sink;
    private readonly AuditLineScanner _scanner;
    private readonly CandidateBatch _batch = new();
    private readonly Utf8StringCache _strings = new();

    internal AuditLineSearch(AuditLineMatcher matcher, AuditSearchOptions options, string? sourceName)
    {
        _matcher = matcher;
        _tally = new SourceTally(sourceName, options.MalformedLinesToReport);
        _sink = new MatchSink(options.Tail);
        _scanner = new AuditLineScanner(matcher.Prefilter);
    }

    /// <summary>The counts so far.</summary>
    public AuditSourceSummary Summary => _tally.ToSummary();

    /// <summary>
    /// Searches one line; a text holding newlines is several lines. Returns the matches at once, or nothing while
    /// Tail keeps them for <see cref="Complete"/>.
    /// </summary>
    public IReadOnlyList<AuditEvent> Add(string? text)
    {
        _batch.Reset(_tally);
        if (string.IsNullOrEmpty(text))
        {
            _scanner.BlankLine(_batch);
        }
        else
        {
            var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
            try
            {
                var length = Encoding.UTF8.GetBytes(text, bytes);
                _scanner.Scan(bytes.AsSpan(0, length), final: true, _batch);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(bytes);
            }
        }

        _batch.Examine(_matcher, _sink, _strings);
        return TakePending();
    }

    /// <summary>Ends the input: returns the events Tail kept (oldest first), or nothing without Tail.</summary>
    public IReadOnlyList<AuditEvent> Complete()
    {
        _sink.ReleaseTail();
        return TakePending();
    }

    private AuditEvent[] TakePending()
    {
        if (_sink.Pending.Count == 0)
        {
            return [];
        }

        var matches = _sink.Pending.ToArray();
        _sink.Pending.Clear();
        return matches;
    }
}
