using System.Collections.Concurrent;
using System.Threading.Channels;

namespace VaultRunbook.Engine.Audit;

/// <summary>
/// Runs the parsing of candidate lines on a second task while the reader goes on reading and scanning, with a
/// bounded queue of batches between them (so memory stays bounded and order is kept). The consumer examines
/// each batch, reports progress and hands the matches to the caller, awaiting it.
/// </summary>
internal sealed class AuditBatchPipeline : IAsyncDisposable
{
    private const int QueuedBatches = 4;

    private readonly AuditLineMatcher _matcher;
    private readonly MatchSink _sink;
    private readonly Func<AuditEvent, CancellationToken, ValueTask> _onMatch;
    private readonly IProgress<AuditReadProgress>? _progress;
    private readonly Channel<Work> _queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(QueuedBatches) { SingleReader = true, SingleWriter = true });
    private readonly ConcurrentQueue<CandidateBatch> _free = new();
    private readonly Utf8StringCache _strings = new();
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenSource _stop;
    private readonly Task _consumer;

    public AuditBatchPipeline(AuditLineMatcher matcher, MatchSink sink, Func<AuditEvent, CancellationToken, ValueTask> onMatch, IProgress<AuditReadProgress>? progress, CancellationToken cancellationToken)
    {
        _matcher = matcher;
        _sink = sink;
        _onMatch = onMatch;
        _progress = progress;
        _cancellationToken = cancellationToken;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _consumer = Task.Run(ConsumeAsync);
    }

    public CandidateBatch Rent(SourceTally source)
    {
        if (!_free.TryDequeue(out var batch))
        {
            batch = new CandidateBatch();
        }

        batch.Reset(source);
        return batch;
    }

    public ValueTask SubmitAsync(CandidateBatch batch) => WriteAsync(new Work(batch, null));

    /// <summary>Waits until every batch submitted so far has been examined and its matches handed over.</summary>
    public async Task DrainAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await WriteAsync(new Work(null, done)).ConfigureAwait(false);
        await Task.WhenAny(done.Task, _consumer).ConfigureAwait(false);
        if (!done.Task.IsCompleted)
        {
            await _consumer.ConfigureAwait(false);
            throw new OperationCanceledException(_cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        _stop.Cancel();
        try
        {
            await _consumer.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Stopped on purpose, or already reported to the reader through WriteAsync or DrainAsync.
        }
        finally
        {
            _stop.Dispose();
        }
    }

    private async ValueTask WriteAsync(Work work)
    {
        try
        {
            await _queue.Writer.WriteAsync(work, _stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_cancellationToken.IsCancellationRequested)
        {
            // The consumer failed and stopped the queue: give its exception, not the cancellation.
            await _consumer.ConfigureAwait(false);
            throw;
        }
    }

    private async Task ConsumeAsync()
    {
        try
        {
            WarmUp();
            await foreach (var work in _queue.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                if (work.Batch is not { } batch)
                {
                    work.Done!.TrySetResult();
                    continue;
                }

                batch.Examine(_matcher, _sink, _strings);
                if (_progress is not null && batch.Total > 0 && batch.Source.File is { } file)
                {
                    _progress.Report(new AuditReadProgress(file, Math.Min(batch.Position, batch.Total), batch.Total));
                }

                _free.Enqueue(batch);
                await _sink.DeliverAsync(_onMatch, _stop.Token).ConfigureAwait(false);
            }
        }
        catch
        {
            // The reader must not wait for a consumer that is gone.
            _stop.Cancel();
            throw;
        }
    }

    /// <summary>
    /// Parses one made-up entry through the same batch code (and once in full, whatever the query's path) before
    /// the first real batch arrives. In a fresh process this compiles the parser on this task while the reader
    /// opens the file and scans its first blocks, instead of after, when the reader would wait for it. Nothing
    /// of it is reported.
    /// </summary>
    private void WarmUp()
    {
        var batch = new CandidateBatch();
        batch.Reset(new SourceTally(null, 0));
        batch.AddCandidate(WarmUpLine, 1);
        batch.Examine(_matcher, new MatchSink(null), new Utf8StringCache());
        AuditEntryReader.Read(WarmUpLine, null, out _);
    }

    // Vault's shape, with every kind of value and an escape, so that each path through the parser is taken.
    private static ReadOnlySpan<byte> WarmUpLine =>
        """{"auth":{"accessor":"hmac-sha256:01","client_token":"hmac-sha256:02","display_name":"token-warm","policies":["default"],"token_ttl":60,"token_type":"service"},"error":"1 error occurred:\n\t* warm\u0021","request":{"client_token":"hmac-sha256:02","client_token_accessor":"hmac-sha256:01","data":{"n":-1.5e3,"b":true,"f":false,"z":null,"a":[]},"id":"00000000-0000-0000-0000-000000000000","mount_point":"secret/","mount_type":"kv","namespace":{"id":"root"},"operation":"read","path":"secret/data/warm","remote_address":"127.0.0.1"},"response":{"mount_point":"secret/","mount_type":"kv"},"time":"2025-06-04T20:02:46.117181Z","type":"response"}"""u8;

    // A class, not a struct: the channel's code for reference types is shared and comes precompiled with the
    // framework, while an instantiation over a struct is compiled on first use, in the first search of a process.
    private sealed record Work(CandidateBatch? Batch, TaskCompletionSource? Done);
}
