namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Reads one source block by block into its <see cref="LineBuffer"/>; the scanner sorts the complete lines of
/// each block into a batch for the pipeline. The unfinished last line waits for the next block (or, when
/// following, for its newline).
/// </summary>
internal sealed class AuditSourceReader : IDisposable
{
    private const int BlocksPerBatch = 8;
    private const int CandidateBytesPerBatch = 256 << 10;

    private readonly LineBuffer _buffer;
    private readonly SourceTally _tally;
    private readonly long _total;
    private readonly GzipEndProbe? _gzipEnd;
    private bool _skippingOverlongLine;

    public AuditSourceReader(Stream stream, FileStream? file, AuditLineScanner scanner, SourceTally tally, AuditSearchOptions options, GzipEndProbe? gzipEnd = null)
    {
        Stream = stream;
        _gzipEnd = gzipEnd;
        File = file;
        Scanner = scanner;
        _tally = tally;
        _total = file?.Length ?? 0;
        _buffer = new LineBuffer(options.BlockBytes, options.MaxLineBytes);
    }

    /// <summary>What is read: the file itself, or a decompressing stream over it.</summary>
    public Stream Stream { get; }

    /// <summary>The file on disk, for its length and position; null for a caller's stream.</summary>
    public FileStream? File { get; }

    public AuditLineScanner Scanner { get; }

    public SourceTally Tally => _tally;

    /// <summary>
    /// Reads until the stream reports its end. The lines of several blocks share a batch until it holds enough
    /// candidates (fewer hand-overs between the reader and the parser); whatever is pending is submitted at the end.
    /// For a file (plain or compressed), the next block is read on another thread while this one is scanned, so the
    /// copy out of the page cache (or the inflating) overlaps the scan.
    /// </summary>
    /// <exception cref="InvalidDataException">Compressed data that is corrupt, or cut short (told by the
    /// <see cref="GzipEndProbe"/> once the data ends); the complete lines before the break have been submitted.</exception>
    public async Task ReadToEndAsync(AuditBatchPipeline pipeline, CancellationToken cancellationToken)
    {
        CandidateBatch? batch = null;
        var blocks = 0;
        Task<int>? ahead = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read;
                if (ahead is not null)
                {
                    read = await ahead.ConfigureAwait(false);
                    ahead = null;
                    _buffer.EndReadAhead(read);
                }
                else
                {
                    var space = _buffer.FreeSpace();
                    if (space.IsEmpty)
                    {
                        // One line fills the largest buffer allowed: count it as malformed and drop it up to its newline.
                        batch ??= pipeline.Rent(_tally);
                        Scanner.SkipOverlongLine(batch);
                        _skippingOverlongLine = true;
                        _buffer.Clear();
                        continue;
                    }

                    // A local file is read synchronously here: it is page-cache fast, and an awaited read would hop threads.
                    read = File is not null ? Stream.Read(space.Span) : await Stream.ReadAsync(space, cancellationToken).ConfigureAwait(false);
                    _buffer.Advance(read);
                }

                if (_gzipEnd is { EndReached: true } && (read > 0 || _gzipEnd.Truncated))
                {
                    // Cut short: the decompressor took the probe's extra byte as data (anything it gave for it is
                    // garbage). The unfinished last line is part of what was lost, not a malformed line.
                    if (batch is not null)
                    {
                        await pipeline.SubmitAsync(batch).ConfigureAwait(false);
                    }

                    _buffer.Clear();
                    throw new InvalidDataException("Unexpected end of file.");
                }

                if (read == 0)
                {
                    if (batch is not null)
                    {
                        await pipeline.SubmitAsync(batch).ConfigureAwait(false);
                    }

                    return;
                }

                if (_skippingOverlongLine)
                {
                    var newline = _buffer.Pending.IndexOf((byte)'\n');
                    if (newline < 0)
                    {
                        _buffer.Clear();
                        continue;
                    }

                    _buffer.Consume(newline + 1);
                    _skippingOverlongLine = false;
                }

                batch ??= pipeline.Rent(_tally);
                Mark(batch);
                var pending = _buffer.Pending;
                var complete = pending.LastIndexOf((byte)'\n') + 1;
                // Read ahead unless the carried-over line would leave little room (then the buffer grows as before).
                if (File is not null && complete > 0 && pending.Length - complete <= _buffer.Capacity / 2)
                {
                    var into = _buffer.BeginReadAhead(complete);
                    ahead = Task.Run(() => Stream.Read(into.Span), CancellationToken.None);
                    Scanner.Scan(pending[..complete], final: false, batch);
                }
                else
                {
                    _buffer.Consume(Scanner.Scan(pending, final: false, batch));
                }

                if (++blocks >= BlocksPerBatch || batch.CandidateBytes >= CandidateBytesPerBatch)
                {
                    await pipeline.SubmitAsync(batch).ConfigureAwait(false);
                    batch = null;
                    blocks = 0;
                }
            }
        }
        finally
        {
            if (ahead is not null)
            {
                // Stopped with a read in flight: let it finish before the stream can be closed; its bytes stay pending.
                try
                {
                    _buffer.EndReadAhead(await ahead.ConfigureAwait(false));
                }
                catch (Exception)
                {
                    // The stop (or the failure that caused it) is what the caller hears about.
                }
            }
        }
    }

    /// <summary>At the real end of the source: the bytes after the last newline are its last line.</summary>
    public async Task FinishAsync(AuditBatchPipeline pipeline)
    {
        var batch = pipeline.Rent(_tally);
        if (!_skippingOverlongLine)
        {
            Scanner.Scan(_buffer.Pending, final: true, batch);
        }

        DiscardPartialLine();
        batch.Position = _total;
        batch.Total = _total;
        await pipeline.SubmitAsync(batch).ConfigureAwait(false);
    }

    /// <summary>Reports the whole file as read (a followed file keeps its unfinished line).</summary>
    public async Task ReportReadAsync(AuditBatchPipeline pipeline)
    {
        var batch = pipeline.Rent(_tally);
        batch.Position = _total;
        batch.Total = _total;
        await pipeline.SubmitAsync(batch).ConfigureAwait(false);
    }

    /// <summary>Forgets an unfinished line (the followed file was truncated or replaced).</summary>
    public void DiscardPartialLine()
    {
        _buffer.Clear();
        _skippingOverlongLine = false;
    }

    public void Dispose()
    {
        Stream.Dispose();
        File?.Dispose();
    }

    private void Mark(CandidateBatch batch)
    {
        if (File is not null)
        {
            batch.Position = File.Position;
            batch.Total = _total;
        }
    }
}
