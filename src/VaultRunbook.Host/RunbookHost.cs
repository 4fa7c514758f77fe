using System.Globalization;
using System.Management.Automation.Host;

namespace VaultRunbook.Host;

/// <summary>
/// The PSHost a runbook runs under ($Host). It carries the user interface and records the
/// exit code that a script's 'exit N' asks for.
/// </summary>
public sealed class RunbookHost : PSHost
{
    private readonly RunbookHostUserInterface _ui;
    private readonly object _gate = new();
    private int? _exitCode;

    internal RunbookHost(HostConsole console, bool nonInteractive)
    {
        _ui = new RunbookHostUserInterface(console, nonInteractive);
    }

    public override string Name => "VaultRunbookHost";

    public override Version Version { get; } =
        typeof(RunbookHost).Assembly.GetName().Version ?? new Version(0, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override PSHostUserInterface UI => _ui;

    /// <summary>The same user interface, typed.</summary>
    internal RunbookHostUserInterface RunbookUI => _ui;

    public override CultureInfo CurrentCulture => CultureInfo.CurrentCulture;

    public override CultureInfo CurrentUICulture => CultureInfo.CurrentUICulture;

    /// <summary>The code the script asked to exit with, or null when it did not call exit.</summary>
    public int? ExitCode
    {
        get
        {
            lock (_gate)
            {
                return _exitCode;
            }
        }
    }

    /// <summary>Called by the engine when 'exit N' leaves the top-level script.</summary>
    public override void SetShouldExit(int exitCode)
    {
        lock (_gate)
        {
            _exitCode = exitCode;
        }
    }

    public override void EnterNestedPrompt() =>
        throw new NotSupportedException("The VaultRunbook host runs scripts: it has no interactive nested prompt.");

    public override void ExitNestedPrompt() =>
        throw new NotSupportedException("The VaultRunbook host runs scripts: it has no interactive nested prompt.");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }
}
