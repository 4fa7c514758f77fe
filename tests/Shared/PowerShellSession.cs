using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace VaultRunbook.Testing;

/// <summary>
/// A runspace of the full pwsh (Microsoft.PowerShell.SDK 7.6.10) with the built VaultRunbook module imported, as a
/// user's pwsh would have it: the standard command set (Select-Object, ConvertTo-Json, Out-String...). A capturing
/// host keeps what reaches the UI (what -WhatIf prints). Runs scripts and keeps every stream for assertions.
/// Shared by the test projects (linked, not copied).
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession()
    {
        var state = InitialSessionState.CreateDefault();
        state.ImportPSModule(new[] { ModuleManifest });
        state.ThrowOnRunspaceOpenError = true;
        _runspace = RunspaceFactory.CreateRunspace(Host, state);
        _runspace.Open();
    }

    /// <summary>The module the build bundles beside the tests (Directory.Build.targets).</summary>
    public static string ModuleManifest => Path.Combine(AppContext.BaseDirectory, "Modules", "VaultRunbook", "VaultRunbook.psd1");

    public CapturingHost Host { get; } = new();

    /// <summary>Runs a script; <paramref name="variables"/> become variables of the runspace first.</summary>
    public ScriptResult Run(string script, IDictionary? variables = null, bool verboseAndDebug = false)
    {
        Host.Clear();
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(verboseAndDebug
            ? "$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $ProgressPreference = 'Continue'"
            : "$VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'; $ProgressPreference = 'Continue'").AddStatement();
        shell.AddScript(script);
        foreach (DictionaryEntry variable in variables ?? new Hashtable())
        {
            _runspace.SessionStateProxy.SetVariable((string)variable.Key, variable.Value);
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

        return new ScriptResult(
            output,
            shell.Streams.Error.ToList(),
            shell.Streams.Warning.Select(w => w.Message).ToList(),
            shell.Streams.Verbose.Select(v => v.Message).ToList(),
            shell.Streams.Debug.Select(d => d.Message).ToList(),
            shell.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList(),
            shell.Streams.Progress.ToList(),
            Host.Text,
            terminating);
    }

    /// <summary>Starts a script without waiting (for -Follow); the caller stops it.</summary>
    public PowerShell Start(string script, PSDataCollection<PSObject> output)
    {
        var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript(script);
        shell.BeginInvoke<PSObject, PSObject>(null, output);
        return shell;
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>Everything a script produced, stream by stream, and what reached the host.</summary>
public sealed record ScriptResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Debug,
    IReadOnlyList<string> Information,
    IReadOnlyList<ProgressRecord> Progress,
    string HostText,
    Exception? Terminating)
{
    public object? Property(int index, string name) => Output[index].Properties[name]?.Value;

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

        foreach (var progress in Progress)
        {
            text.AppendLine($"{progress.Activity} {progress.StatusDescription} {progress.CurrentOperation}");
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
