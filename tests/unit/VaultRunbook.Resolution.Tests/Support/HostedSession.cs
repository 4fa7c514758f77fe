using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>
/// A runspace of the real PowerShell engine with the built VaultRunbook module imported (from Modules/ beside the
/// tests) and a host that keeps what is written to it. Runs scripts and keeps every stream for assertions.
/// </summary>
public sealed class HostedSession : IDisposable
{
    private readonly Runspace _runspace;

    public HostedSession()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { ModuleManifest });
        state.ThrowOnRunspaceOpenError = true;
        _runspace = RunspaceFactory.CreateRunspace(Host, state);
        _runspace.Open();
    }

    public static string ModuleManifest => Path.Combine(AppContext.BaseDirectory, "Modules", "VaultRunbook", "VaultRunbook.psd1");

    public CapturingHost Host { get; } = new();

    public HostedResult Run(string script, IDictionary? parameters = null, bool verbose = false)
    {
        Host.Clear();
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(verbose
            ? "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'"
            : "$VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'").AddStatement();
        shell.AddScript(script);
        if (parameters is not null)
        {
            shell.AddParameters(parameters);
        }

        Exception? terminating = null;
        var output = new List<PSObject>();
        try
        {
            output.AddRange(shell.Invoke());
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }

        return new HostedResult(
            output,
            shell.Streams.Error.ToList(),
            shell.Streams.Warning.Select(w => w.Message).ToList(),
            shell.Streams.Verbose.Select(v => v.Message).ToList(),
            shell.Streams.Debug.Select(d => d.Message).ToList(),
            shell.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList(),
            Host.Text,
            terminating);
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>Everything a script produced, stream by stream, and what reached the host.</summary>
public sealed record HostedResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Debug,
    IReadOnlyList<string> Information,
    string HostText,
    Exception? Terminating)
{
    public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId);

    /// <summary>
    /// The error that stopped a cmdlet: ThrowTerminatingError ends the statement (the record lands in the error
    /// stream and the script goes on), while a script-terminating error surfaces as the exception.
    /// </summary>
    public ErrorRecord StoppingError() =>
        (Terminating as IContainsErrorRecord)?.ErrorRecord ?? Errors.LastOrDefault() ?? throw new Xunit.Sdk.XunitException("No error was raised. " + Describe());

    /// <summary>Every stream rendered as text (output objects by ToString and their properties), for leak checks.</summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var item in Output)
        {
            text.AppendLine(item.ToString());
            foreach (var property in item.Properties)
            {
                object? value;
                try
                {
                    value = property.Value;
                }
                catch (GetValueException)
                {
                    value = null;
                }

                text.Append(property.Name).Append('=').AppendLine(value is IEnumerable list and not string ? string.Join(",", list.Cast<object?>()) : Convert.ToString(value));
            }
        }

        foreach (var error in Errors)
        {
            text.AppendLine(error.FullyQualifiedErrorId).AppendLine(error.ToString()).AppendLine(error.Exception.ToString()).AppendLine(Convert.ToString(error.TargetObject)).AppendLine(error.ErrorDetails?.Message);
        }

        foreach (var line in Warnings.Concat(Verbose).Concat(Debug).Concat(Information))
        {
            text.AppendLine(line);
        }

        text.AppendLine(HostText);
        if (Terminating is not null)
        {
            text.AppendLine(Terminating.ToString());
        }

        return text.ToString();
    }

    public string Describe() =>
        $"errors: [{string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message))}] terminating: {Terminating?.Message}";
}
