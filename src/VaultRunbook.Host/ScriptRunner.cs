using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Runtime.InteropServices;

namespace VaultRunbook.Host;

/// <summary>
/// Runs one runbook: opens a runspace on a <see cref="RunbookHost"/>, imports the VaultRunbook
/// module, runs the -File script or -Command text through Out-Default, and turns the outcome
/// into a process exit code.
/// </summary>
public sealed class ScriptRunner : IDisposable
{
    /// <summary>The exit code after an uncaught terminating error or a setup failure.</summary>
    public const int FailureExitCode = 1;

    /// <summary>The exit code after Ctrl+C (SIGINT), as shells report it.</summary>
    public const int InterruptedExitCode = 130;

    /// <summary>The exit code after SIGTERM, as shells report it.</summary>
    public const int TerminatedExitCode = 143;

    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(5);

    private readonly HostOptions _options;
    private readonly HostConsole _console;
    private readonly RunbookHost _host;
    private readonly ManualResetEventSlim _signalled = new();
    private readonly object _gate = new();
    private int _signalExitCode;

    public ScriptRunner(HostOptions options)
        : this(options, HostConsole.FromProcess())
    {
    }

    internal ScriptRunner(HostOptions options, HostConsole console)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _console = console;
        _host = new RunbookHost(console, options.NonInteractive);
    }

    /// <summary>
    /// True when a signal stopped the script but its pipeline did not stop in time (it is
    /// blocked in a .NET call, say): the caller must end the process with Environment.Exit.
    /// </summary>
    public bool PipelineAbandoned { get; private set; }

    /// <summary>Runs the script and returns the exit code for the process.</summary>
    public int Run()
    {
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => OnSignal(context, InterruptedExitCode));
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => OnSignal(context, TerminatedExitCode));

        string? scriptPath = null;
        if (_options.File is { } file && !TryResolveScript(file, out scriptPath))
        {
            return HostOptions.UsageExitCode;
        }

        var commandText = _options.ReadFromStdin ? _console.Input.ReadToEnd() : _options.Command;
        var runspace = RunspaceFactory.CreateRunspace(_host, CreateSessionState());
        var disposeRunspace = true;
        try
        {
            runspace.Open();
            var imported = ImportModule(runspace);
            if (imported != 0)
            {
                return imported;
            }

            // Not disposed when abandoned: disposing waits for the pipeline to stop.
            var powerShell = PowerShell.Create();
            powerShell.Runspace = runspace;
            var exitFlowsToHost = AddScript(powerShell, runspace, scriptPath, commandText);
            var outcome = Invoke(powerShell, out var failure);
            if (outcome == Outcome.Signalled && !StoppedInTime(powerShell))
            {
                PipelineAbandoned = true;
                disposeRunspace = false;
                return SignalExitCode;
            }

            powerShell.Dispose();
            return outcome switch
            {
                Outcome.Signalled => SignalExitCode,
                _ when _host.ExitCode is { } code => code,
                Outcome.Failed => ReportTerminatingError(runspace, failure!),
                _ => exitFlowsToHost ? 0 : LastExitCode(runspace),
            };
        }
        finally
        {
            _console.ClearProgress();
            if (disposeRunspace)
            {
                runspace.Dispose();
            }
        }
    }

    public void Dispose() => _signalled.Dispose();

    private InitialSessionState CreateSessionState()
    {
        // CreateDefault() needs Microsoft.PowerShell.ConsoleHost; CreateDefault2() is the engine's core commands.
        var sessionState = InitialSessionState.CreateDefault2();
        sessionState.Commands.Add(new SessionStateCmdletEntry("Out-RunbookHost", typeof(OutRunbookHostCommand), helpFileName: null));
        if (_options.ExecutionPolicy is { } policy)
        {
            sessionState.ExecutionPolicy = policy;
        }

        return sessionState;
    }

    private bool TryResolveScript(string file, out string? scriptPath)
    {
        scriptPath = Path.GetFullPath(file);
        if (!File.Exists(scriptPath))
        {
            WriteError($"The argument '{file}' is not recognized as the name of a script file: {scriptPath} does not exist.");
            return false;
        }

        if (!string.Equals(Path.GetExtension(scriptPath), ".ps1", StringComparison.OrdinalIgnoreCase))
        {
            WriteError($"Processing -File '{file}' failed because the file does not have a '.ps1' extension.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Adds the script (-File, with its arguments) or the command text, piped to Out-Default.
    /// Returns false when 'exit N' in the file cannot reach the host, so $LASTEXITCODE must stand in.
    /// </summary>
    private bool AddScript(PowerShell powerShell, Runspace runspace, string? scriptPath, string? commandText)
    {
        var exitFlowsToHost = true;
        if (scriptPath is not null)
        {
            var command = new Command(scriptPath, isScript: false, useLocalScope: true);
            foreach (var parameter in _options.FileArguments)
            {
                command.Parameters.Add(parameter);
            }

            powerShell.Commands.AddCommand(command);
            exitFlowsToHost = FileExitPropagation.TryEnable(runspace);
        }
        else
        {
            powerShell.AddScript(commandText ?? string.Empty, useLocalScope: false);
        }

        // Errors travel with the output into Out-Default, which renders objects through their
        // format views and errors through $ErrorView (to the UI's error line), as pwsh does.
        powerShell.Commands.Commands[0].MergeMyResults(PipelineResultTypes.Error, PipelineResultTypes.Output);
        powerShell.AddCommand("Out-RunbookHost");
        return exitFlowsToHost;
    }

    private int SignalExitCode
    {
        get
        {
            lock (_gate)
            {
                return _signalExitCode;
            }
        }
    }

    private int ImportModule(Runspace runspace)
    {
        var (manifest, fromEnvironment) = ModuleLocator.Resolve(
            Environment.GetEnvironmentVariable(ModuleLocator.EnvironmentVariable),
            AppContext.BaseDirectory);
        var source = fromEnvironment ? $"from ${ModuleLocator.EnvironmentVariable}" : "beside the program";
        if (!File.Exists(manifest))
        {
            WriteError($"Cannot import the VaultRunbook module: its manifest was not found at '{manifest}' ({source}). "
                + $"Set {ModuleLocator.EnvironmentVariable} to the path of VaultRunbook.psd1.");
            return FailureExitCode;
        }

        // Scripts, and the Pester files they run, import the very same build.
        Environment.SetEnvironmentVariable(ModuleLocator.EnvironmentVariable, manifest);

        using var powerShell = PowerShell.Create();
        powerShell.Runspace = runspace;
        powerShell.AddCommand("Import-Module")
            .AddParameter("Name", manifest)
            .AddParameter("ErrorAction", ActionPreference.Stop);
        switch (Invoke(powerShell, out var failure))
        {
            case Outcome.Signalled:
                return SignalExitCode;
            case Outcome.Failed:
                WriteError($"Cannot import the VaultRunbook module from '{manifest}' ({source}): {Describe(failure!)}");
                return FailureExitCode;
        }

        if (powerShell.Streams.Error.Count > 0)
        {
            WriteError($"Cannot import the VaultRunbook module from '{manifest}' ({source}): {powerShell.Streams.Error[0]}");
            return FailureExitCode;
        }

        return 0;
    }

    private Outcome Invoke(PowerShell powerShell, out Exception? failure)
    {
        failure = null;
        if (_signalled.IsSet)
        {
            return Outcome.Signalled;
        }

        var settings = new PSInvocationSettings { AddToHistory = false };
        var input = new PSDataCollection<PSObject>();
        input.Complete();
        var output = new PSDataCollection<PSObject>();
        IAsyncResult pending;
        try
        {
            pending = powerShell.BeginInvoke(input, output, settings, null, null);
        }
        catch (RuntimeException e)
        {
            failure = e;
            return Outcome.Failed;
        }

        if (WaitHandle.WaitAny([pending.AsyncWaitHandle, _signalled.WaitHandle]) == 1)
        {
            powerShell.BeginStop(null, null);
            return Outcome.Signalled;
        }

        try
        {
            powerShell.EndInvoke(pending);
            return Outcome.Completed;
        }
        catch (PipelineStoppedException) when (_signalled.IsSet)
        {
            return Outcome.Signalled;
        }
        catch (RuntimeException e)
        {
            failure = e;
            return Outcome.Failed;
        }
    }

    /// <summary>Waits a little for a stopped pipeline; one stuck (say, in a blocking read) is left behind.</summary>
    private static bool StoppedInTime(PowerShell powerShell)
    {
        var deadline = DateTime.UtcNow + StopGracePeriod;
        while (DateTime.UtcNow < deadline)
        {
            var state = powerShell.InvocationStateInfo.State;
            if (state is PSInvocationState.Stopped or PSInvocationState.Completed or PSInvocationState.Failed)
            {
                return true;
            }

            Thread.Sleep(50);
        }

        return false;
    }

    private void OnSignal(PosixSignalContext context, int exitCode)
    {
        lock (_gate)
        {
            if (_signalExitCode != 0)
            {
                // A second Ctrl+C: let the default action end the process now.
                return;
            }

            _signalExitCode = exitCode;
        }

        context.Cancel = true;
        _signalled.Set();
    }

    /// <summary>
    /// Prints an uncaught terminating error as pwsh does (message and position through
    /// $ErrorView, no .NET stack trace), falling back to its message alone. Returns the exit code.
    /// </summary>
    private int ReportTerminatingError(Runspace runspace, Exception failure)
    {
        if (failure is IContainsErrorRecord { ErrorRecord: { } record })
        {
            // Out-Default renders a record it is handed as an ordinary object (only errors merged
            // from a pipeline's error stream go to the error line), so send its output to stderr.
            _host.RunbookUI.OutputToError = true;
            try
            {
                using var powerShell = PowerShell.Create();
                powerShell.Runspace = runspace;
                powerShell.AddCommand("Out-Default");
                powerShell.Invoke(new[] { record });
                return FailureExitCode;
            }
            catch (RuntimeException)
            {
            }
            finally
            {
                _host.RunbookUI.OutputToError = false;
            }
        }

        WriteError(Describe(failure));
        return FailureExitCode;
    }

    private static int LastExitCode(Runspace runspace)
    {
        var value = runspace.SessionStateProxy.GetVariable("LASTEXITCODE");
        return value is int code ? code : 0;
    }

    private static string Describe(Exception failure)
    {
        var inner = failure;
        while (inner is ActionPreferenceStopException or CmdletInvocationException && inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }

    private void WriteError(string message) => _host.UI.WriteErrorLine($"vaultrunbook: {message}");

    private enum Outcome
    {
        Completed,
        Failed,
        Signalled,
    }
}
