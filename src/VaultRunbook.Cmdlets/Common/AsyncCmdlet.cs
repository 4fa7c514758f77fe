using System.Collections.Concurrent;
using System.Management.Automation;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// Bridges the async Engine once (DESIGN rule 7): work runs on the thread pool with a token that Ctrl+C
/// (StopProcessing) cancels, while the pipeline thread waits and performs the writes (progress, verbose) that
/// the work posts, since only that thread may call Write*.
/// </summary>
public abstract class AsyncCmdlet : PSCmdlet, IDisposable
{
    // Made on first use: a warm call that never waits (a cached secret) pays for none of them.
    private CancellationTokenSource? _stopping;
    private BlockingCollection<Action>? _pipelineThreadWork;
    private HashSet<string>? _warningsShown;

    protected CancellationToken StopToken => StopSource.Token;

    private CancellationTokenSource StopSource => _stopping ?? Made(ref _stopping, () => new CancellationTokenSource());

    private BlockingCollection<Action> PipelineThreadWork => _pipelineThreadWork ?? Made(ref _pipelineThreadWork, () => new BlockingCollection<Action>());

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stopping?.Dispose();
            _pipelineThreadWork?.Dispose();
        }
    }

    protected override void StopProcessing() => StopSource.Cancel();

    // StopProcessing and Engine callbacks run on other threads: the first to need a field makes it, the others take it.
    private static T Made<T>(ref T? field, Func<T> make)
        where T : class, IDisposable
    {
        var made = make();
        var existing = Interlocked.CompareExchange(ref field, made, null);
        if (existing is null)
        {
            return made;
        }

        made.Dispose();
        return existing;
    }

    /// <summary>Runs async work to completion, pumping posted writes on the pipeline thread meanwhile.</summary>
    protected T Run<T>(Func<CancellationToken, Task<T>> work)
    {
        var pending = PipelineThreadWork;
        var task = Task.Run(() => work(StopToken), StopToken);
        // Wake the wait as soon as the work ends, so a call costs no polling delay. Neither the token source (no
        // timer, no wait handle) nor the continuation needs disposing, and disposing them could race the wake-up.
        var finished = new CancellationTokenSource();
        _ = task.ContinueWith(_ => finished.Cancel(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        while (!task.IsCompleted)
        {
            try
            {
                pending.Take(finished.Token)();
            }
            catch (OperationCanceledException) when (finished.IsCancellationRequested)
            {
                break;
            }
        }

        while (pending.TryTake(out var remaining))
        {
            remaining();
        }

        try
        {
            return task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (StopToken.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
    }

    protected void Run(Func<CancellationToken, Task> work) => Run(async ct =>
    {
        await work(ct).ConfigureAwait(false);
        return true;
    });

    /// <summary>Queues a write for the pipeline thread; safe to call from Engine callbacks on any thread.</summary>
    protected void Post(Action write) => PipelineThreadWork.Add(write);

    /// <summary>Writes a warning once per cmdlet invocation.</summary>
    protected void WriteWarningOnce(string message)
    {
        if ((_warningsShown ??= new HashSet<string>(StringComparer.Ordinal)).Add(message))
        {
            WriteWarning(message);
        }
    }

    /// <summary>
    /// Appends an action Vault does not audit to the module's journal (DESIGN rule 12). A journal that cannot be
    /// written gives a warning and never stops the action: in an outage the unseal matters more than its record.
    /// </summary>
    protected void RecordAction(ActionRecord record)
    {
        var path = JournalLocation.Resolve(this);
        try
        {
            Run(ct => new ActionJournal(path).AppendAsync(record, ct));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or EngineException)
        {
            WriteWarning($"The {record.Action} of {record.Address} ({record.Outcome}) could not be recorded in the action journal '{path}': {ex.Message}");
        }
    }

    /// <summary>A failure of one item: a non-terminating ErrorRecord with the Engine's stable id.</summary>
    protected void WriteEngineError(EngineException exception, object? target = null) =>
        WriteError(ErrorRecords.From(exception, target));

    /// <summary>Bad usage or configuration: stops the cmdlet before anything is sent or written.</summary>
    protected void ThrowEngineError(EngineException exception, object? target = null) =>
        ThrowTerminatingError(ErrorRecords.From(exception, target));

    /// <summary>
    /// Ends the whole script, as PowerShell's <c>throw</c> statement does: one error record with the module's id
    /// (what a <c>catch</c> sees as <c>$_</c>), shown once, and <c>pwsh -File</c> exits 1. ThrowTerminatingError
    /// only ends the statement; an ActionPreferenceStopException hides the record behind "ActionPreferenceStop".
    /// </summary>
    protected void ThrowScriptTerminatingError(ErrorRecord record)
    {
        record.CategoryInfo.Activity = MyInvocation.MyCommand.Name; // the host names the cmdlet, as for its other errors
        throw new RuntimeException(record.Exception.Message, record.Exception, record) { WasThrownFromThrowStatement = true };
    }
}
