namespace VaultRunbook.Engine.Audit;

/// <summary>How a search runs, as opposed to what it matches (<see cref="AuditQuery"/>).</summary>
public sealed record AuditSearchOptions
{
    /// <summary>Only the last N matching events (held in a ring buffer of N); null for all, as they are found.</summary>
    public int? Tail { get; init; }

    /// <summary>
    /// After the end of each plain file, keep polling it for appended lines (<c>tail -f</c>) until cancelled. A
    /// truncated or rotated file is read again from its beginning. Compressed files are read once.
    /// </summary>
    public bool Follow { get; init; }

    /// <summary>How often a followed file is polled.</summary>
    public TimeSpan FollowPollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Fill <see cref="AuditEvent.Raw"/> with the line's JSON (which holds HMAC'd request and response data).</summary>
    public bool IncludeRaw { get; init; }

    /// <summary>How many malformed line numbers each source reports (the count is always complete).</summary>
    public int MalformedLinesToReport { get; init; } = 5;

    /// <summary>
    /// The size of each read; lines longer than this grow the buffer up to <see cref="MaxLineBytes"/>. 256 KB: a
    /// block read ahead on one core is scanned on another, twice, and stays in its cache (1 MB measured slower).
    /// </summary>
    public int BlockBytes { get; init; } = 256 << 10;

    /// <summary>A longer line is skipped and counted as malformed, so memory stays bounded.</summary>
    public int MaxLineBytes { get; init; } = 64 << 20;
}
