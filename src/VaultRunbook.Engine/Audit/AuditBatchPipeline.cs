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

    private readonly record struct Work(CandidateBatch? Batch, TaskCompletionSource? Done);
}
