using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Searches Vault file-audit logs (plain or gzip; files, streams, readers or pushed lines) in constant memory:
/// large block reads, lines split on '\n' with vectorised search, a sound byte prefilter, and a validating JSON reader on
/// the lines that may match, reading only the fields an <see cref="AuditEvent"/> needs. For files and streams the
/// parsing runs on a second task, fed through a bounded queue, while the reader goes on; matches, progress and
/// summaries are reported from that task, in file order. Malformed lines are counted, never thrown. One searcher
/// may run several searches at once.
/// </summary>
public sealed class AuditLogSearcher
{
    private readonly AuditLineMatcher _matcher;
    private readonly AuditSearchOptions _options;

    /// <exception cref="ConfigurationException">The query or the options cannot be used (VaultRunbook.Audit.InvalidQuery).</exception>
    public AuditLogSearcher(AuditQuery query, AuditSearchOptions? options = null)
    {
        _options = options ?? new AuditSearchOptions();
        if (_options.Tail is <= 0)
        {
            throw new ConfigurationException("VaultRunbook.Audit.InvalidQuery", $"Tail must be at least 1 (it was {_options.Tail}).");
        }

        if (_options.FollowPollInterval <= TimeSpan.Zero || _options.BlockBytes <= 0 || _options.MaxLineBytes <= 0)
        {
            throw new ConfigurationException("VaultRunbook.Audit.InvalidQuery", "The poll interval, block size and line limit must be positive.");
        }

        _matcher = new AuditLineMatcher(query, _options.IncludeRaw);
    }

    /// <summary>Fails, before anything is read, when a file does not exist or is a directory.</summary>
    /// <exception cref="AuditFileNotFoundException">VaultRunbook.Audit.FileNotFound.</exception>
    public static void EnsureFilesExist(IEnumerable<string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        foreach (var file in files)
        {
            if (File.Exists(file))
            {
                continue;
            }

            var message = Directory.Exists(file)
                ? $"The audit log path '{file}' is a directory, not a file."
                : $"The audit log file '{file}' does not exist.";
            throw new AuditFileNotFoundException(file, message);
        }
    }

    /// <summary>
    /// Searches the files in order, giving each match to <paramref name="onMatch"/> as it is found (awaited, so
    /// a slow consumer holds the reader back), or the last N at the end with Tail. With Follow, after the last
    /// file it keeps polling the plain files for appended lines until cancelled (then it throws
    /// OperationCanceledException; it returns at once if no file can be followed); <paramref name="onFirstPass"/>
    /// gets each file's summary after its first read.
    /// A file that cannot be read, or a gzip file cut short or corrupt (VaultRunbook.Audit.CorruptArchive, with the
    /// lines read before the break), is reported in its summary and the others go on.
    /// </summary>
    /// <exception cref="AuditFileNotFoundException">A file is missing; nothing was read.</exception>
    public async Task<AuditSearchResult> SearchFilesAsync(
        IReadOnlyList<string> files,
        Func<AuditEvent, CancellationToken, ValueTask> onMatch,
        IProgress<AuditReadProgress>? progress = null,
        Action<AuditSourceSummary>? onFirstPass = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onMatch);
        EnsureFilesExist(files);
        var sink = new MatchSink(_options.Tail);
        var tallies = new List<SourceTally>();
        var followers = new List<AuditFileFollower>();
        var pipeline = new AuditBatchPipeline(_matcher, sink, onMatch, progress, cancellationToken);
        await using (pipeline.ConfigureAwait(false))
        {
            try
            {
                foreach (var path in files)
                {
                    var tally = new SourceTally(path, _options.MalformedLinesToReport);
                    tallies.Add(tally);
                    var follower = await ReadFileAsync(path, tally, pipeline, cancellationToken).ConfigureAwait(false);
                    if (follower is not null)
                    {
                        followers.Add(follower);
                    }

                    if (onFirstPass is not null)
                    {
                        await pipeline.DrainAsync().ConfigureAwait(false);
                        onFirstPass(tally.ToSummary());
                    }
                }

                await pipeline.DrainAsync().ConfigureAwait(false);
                sink.ReleaseTail();
                await sink.DeliverAsync(onMatch, cancellationToken).ConfigureAwait(false);
                if (_options.Follow && followers.Count > 0)
                {
                    await FollowAsync(followers, pipeline, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                DisposeAll(followers);
            }
        }

        return new AuditSearchResult(tallies.Select(t => t.ToSummary()).ToArray());
    }

    /// <summary>
    /// Searches a stream of UTF-8 lines (gzip is recognised by its magic bytes). Never follows. A gzip stream that is
    /// cut short or corrupt ends the search with the summary's Failure (VaultRunbook.Audit.CorruptArchive).
    /// </summary>
    public async Task<AuditSourceSummary> SearchStreamAsync(
        Stream stream,
        string? sourceName,
        Func<AuditEvent, CancellationToken, ValueTask> onMatch,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(onMatch);
        var head = new byte[2];
        var headLength = 0;
        while (headLength < head.Length)
        {
            var read = await stream.ReadAsync(head.AsMemory(headLength), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            headLength += read;
        }

        Stream input = new PrefixedStream(head[..headLength], stream);
        GzipEndProbe? probe = null;
        if (AuditFileOpener.IsGzip(head.AsSpan(0, headLength)))
        {
            input = AuditFileOpener.Decompress(input, out var gzipEnd);
            probe = gzipEnd;
        }

        var tally = new SourceTally(sourceName, _options.MalformedLinesToReport);
        var sink = new MatchSink(_options.Tail);
        var pipeline = new AuditBatchPipeline(_matcher, sink, onMatch, null, cancellationToken);
        await using (pipeline.ConfigureAwait(false))
        {
            var reader = new AuditSourceReader(input, null, new AuditLineScanner(_matcher.Prefilter), tally, _options, probe);
            try
            {
                await reader.ReadToEndAsync(pipeline, cancellationToken).ConfigureAwait(false);
                await reader.FinishAsync(pipeline).ConfigureAwait(false);
                await pipeline.DrainAsync().ConfigureAwait(false);
            }
            catch (InvalidDataException ex) when (probe is not null)
            {
                await pipeline.DrainAsync().ConfigureAwait(false);
                tally.Failure = CorruptArchive(sourceName, probe, tally, ex);
            }
        }

        sink.ReleaseTail();
        await sink.DeliverAsync(onMatch, cancellationToken).ConfigureAwait(false);
        return tally.ToSummary();
    }

    /// <summary>Searches the lines of a reader (text already decoded). Never follows.</summary>
    public async Task<AuditSourceSummary> SearchReaderAsync(
        TextReader lines,
        string? sourceName,
        Func<AuditEvent, CancellationToken, ValueTask> onMatch,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(onMatch);
        var search = CreateLineSearch(sourceName);
        while (await lines.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            foreach (var match in search.Add(line))
            {
                await onMatch(match, cancellationToken).ConfigureAwait(false);
            }
        }

        foreach (var match in search.Complete())
        {
            await onMatch(match, cancellationToken).ConfigureAwait(false);
        }

        return search.Summary;
    }

    /// <summary>A search that is pushed lines one at a time (PowerShell pipeline input).</summary>
    public AuditLineSearch CreateLineSearch(string? sourceName = null) => new(_matcher, _options, sourceName);

    private async Task<AuditFileFollower?> ReadFileAsync(string path, SourceTally tally, AuditBatchPipeline pipeline, CancellationToken cancellationToken)
    {
        AuditSourceReader? reader = null;
        GzipEndProbe? probe = null;
        try
        {
            var (stream, file) = AuditFileOpener.Open(path, out probe);
            reader = new AuditSourceReader(stream, file, new AuditLineScanner(_matcher.Prefilter), tally, _options, probe);
            await reader.ReadToEndAsync(pipeline, cancellationToken).ConfigureAwait(false);
            if (_options.Follow && probe is null)
            {
                // The unfinished last line stays in the buffer until its newline arrives.
                await reader.ReportReadAsync(pipeline).ConfigureAwait(false);
                var follower = new AuditFileFollower(path, reader, _options);
                reader = null;
                return follower;
            }

            await reader.FinishAsync(pipeline).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            // What was read before the failure still counts; the failure is reported once that is examined.
            await pipeline.DrainAsync().ConfigureAwait(false);
            tally.Failure = ex is InvalidDataException corrupt && probe is not null ? CorruptArchive(path, probe, tally, corrupt) : ReadFailure(path, ex);
            return null;
        }
        finally
        {
            reader?.Dispose();
        }
    }

    private async Task FollowAsync(List<AuditFileFollower> followers, AuditBatchPipeline pipeline, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var anything = false;
            foreach (var follower in followers)
            {
                try
                {
                    anything |= await follower.PollAsync(pipeline, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // A file being rotated can vanish between two calls; the next poll looks again.
                }
            }

            if (!anything)
            {
                await Task.Delay(_options.FollowPollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    // Its own method: a loop inside a finally block keeps the JIT from compiling the whole search method quickly at
    // tier 0 (it cannot be patched for on-stack replacement there), and a fully optimised compile of that large
    // async method cost the first search of a process about 10 ms.
    private static void DisposeAll(List<AuditFileFollower> followers)
    {
        foreach (var follower in followers)
        {
            follower.Dispose();
        }
    }

    // Failing after the probe's extra byte means the real data ended inside a member: a truncation, as gzip -t says.
    private static AuditCorruptArchiveException CorruptArchive(string? path, GzipEndProbe probe, SourceTally tally, InvalidDataException ex) =>
        new(path, truncated: probe.EndReached, tally.Lines, tally.Matches, ex);

    private static AuditReadException ReadFailure(string path, Exception ex) => ex switch
    {
        UnauthorizedAccessException => new AuditReadException(path, ErrorKind.PermissionDenied, $"The audit log file '{path}' cannot be read: access is denied.", ex),
        _ => new AuditReadException(path, ErrorKind.ResourceUnavailable, $"The audit log file '{path}' could not be read: {ex.Message}", ex),
    };
}
