using System.Management.Automation;
using VaultRunbook.Engine.Aws;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Journal;

namespace VaultRunbook.Cmdlets.Aws;

/// <summary>
/// An RDS cmdlet that starts something RDS finishes later (a snapshot, a restore) and can -Wait for it: polls every
/// -PollIntervalSec until "available" or -TimeoutSec, showing progress; a wait that fails is the item's error.
/// </summary>
public abstract class RdsWaitingCmdlet : AwsCmdlet
{
    protected RdsWaitingCmdlet(int defaultTimeoutSec, int defaultPollIntervalSec)
    {
        TimeoutSec = defaultTimeoutSec;
        PollIntervalSec = defaultPollIntervalSec;
    }

    /// <summary>Wait until RDS reports it available, with progress.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    /// <summary>With -Wait: seconds to wait before giving up (the work goes on in RDS).</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int TimeoutSec { get; set; }

    /// <summary>With -Wait: seconds between status checks.</summary>
    [Parameter]
    [ValidateRange(0, 3600)]
    public int PollIntervalSec { get; set; }

    /// <summary>
    /// Starts the work and journals it as <paramref name="startedOutcome"/>, or as Failed with the error's id (the error
    /// written, target <paramref name="target"/>) and false.
    /// </summary>
    protected bool TryStart<T>(string action, string endpoint, string subject, object target, string startedOutcome, Func<CancellationToken, Task<T>> start, out T result)
        where T : class
    {
        try
        {
            result = Run(start);
        }
        catch (EngineException ex)
        {
            RecordAction(ActionRecord.Now(action, endpoint, "Failed") with { Subject = subject, ErrorId = ex.ErrorId, Message = ex.Message });
            WriteEngineError(ex, target);
            result = null!;
            return false;
        }

        RecordAction(ActionRecord.Now(action, endpoint, startedOutcome) with { Subject = subject });
        return true;
    }

    /// <summary>Waits with progress; false (the error written, target <paramref name="identifier"/>) when the wait failed.</summary>
    protected bool TryWait<T>(string activity, string identifier, string status, Func<RdsWaiter, TimeSpan, Action<T>, CancellationToken, Task<T>> wait, Func<T, (string Status, int Percent)> describe, out T result)
        where T : class
    {
        var progress = new ProgressRecord(1, activity, status);
        var waiter = new RdsWaiter(Rds) { PollInterval = TimeSpan.FromSeconds(PollIntervalSec) };
        try
        {
            result = Run(ct => wait(waiter, TimeSpan.FromSeconds(TimeoutSec), current => Post(() =>
            {
                var (text, percent) = describe(current);
                progress.StatusDescription = text;
                progress.PercentComplete = Math.Clamp(percent, 0, 100);
                WriteProgress(progress);
            }), ct));
            return true;
        }
        catch (EngineException ex)
        {
            WriteEngineError(ex, identifier);
            result = null!;
            return false;
        }
        finally
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }
}
