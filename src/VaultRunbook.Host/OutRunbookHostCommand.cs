using System.Management.Automation;

namespace VaultRunbook.Host;

/// <summary>
/// The last step of every pipeline the host runs: passes each object (and each merged error)
/// to Out-Default, and makes sure Out-Default's buffered table is written even when the
/// pipeline is torn down early.
/// </summary>
/// <remarks>
/// Out-Default holds the first objects of a table back for a moment to size its columns. When
/// the script ends with 'exit N' or an uncaught error, the engine disposes the pipeline without
/// letting Out-Default finish, and those objects would be lost. Driving Out-Default as a
/// steppable pipeline from here lets <see cref="Dispose"/> finish it in that case.
/// </remarks>
[Cmdlet(VerbsData.Out, "RunbookHost")]
public sealed class OutRunbookHostCommand : PSCmdlet, IDisposable
{
    private SteppablePipeline? _outDefault;
    private volatile bool _ended;

    /// <summary>The object to render.</summary>
    [Parameter(ValueFromPipeline = true)]
    public PSObject? InputObject { get; set; }

    protected override void BeginProcessing()
    {
        var script = InvokeCommand.NewScriptBlock(@"Microsoft.PowerShell.Core\Out-Default");
        _outDefault = script.GetSteppablePipeline(CommandOrigin.Internal);
        _outDefault.Begin(this);
    }

    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            _outDefault?.Process(InputObject);
        }
    }

    protected override void EndProcessing()
    {
        _ended = true;
        _outDefault?.End();
    }

    protected override void StopProcessing()
    {
        // Ctrl+C: what is buffered is not worth waiting for.
        _ended = true;
    }

    public void Dispose()
    {
        if (_outDefault is null)
        {
            return;
        }

        try
        {
            if (!_ended)
            {
                _ended = true;
                _outDefault.End();
            }
        }
        catch (Exception e) when (e is RuntimeException or InvalidOperationException)
        {
            // The pipeline is going away; the buffered output goes with it.
        }
        finally
        {
            _outDefault.Dispose();
            _outDefault = null;
        }
    }
}
