using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Audit;

/// <summary>What a search found in one source (a file, a stream, the pipeline's lines).</summary>
public sealed record AuditSourceSummary
{
    /// <summary>The file; null for a reader, a stream or pipeline lines without a name.</summary>
    public string? File { get; init; }

    /// <summary>Lines read (blank lines included).</summary>
    public long Lines { get; init; }

    /// <summary>Lines that matched the query (before Tail keeps the last N).</summary>
    public long Matches { get; init; }

    /// <summary>
    /// Lines that could not be read as an audit entry: invalid JSON, a truncated line, bytes that are not UTF-8, or
    /// JSON that is not an audit entry. A line that the path prefilter, or its request.path, rules out is not
    /// read to its end, so among those only a broken shape (not <c>{...}</c>, as a truncated line) is noticed;
    /// without a path, accessor or token filter every line is checked in full.
    /// </summary>
    public long MalformedLines { get; init; }

    /// <summary>The first few malformed lines' numbers.</summary>
    public IReadOnlyList<long> FirstMalformedLineNumbers { get; init; } = [];

    /// <summary>Set when the source could not be read to its end (the other sources go on).</summary>
    public EngineException? Failure { get; init; }
}
