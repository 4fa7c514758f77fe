using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace VaultRunbook.Audit.Tests.Support;

/// <summary>
/// A runspace of the real PowerShell engine with the bundled VaultRunbook module imported. It has the engine's
/// core commands only (as the Host), so scripts use .NET calls where pwsh users would call Get-Content and
/// friends. Parameters become variables of the runspace.
/// </summary>
public sealed class HostedPowerShell : IDisposable
{
    private readonly Runspace _runspace;

    public HostedPowerShell()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { RepoFiles.ModuleManifest });
        state.ThrowOnRunspaceOpenError = true;
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    public Outcome Run(string script, IDictionary? parameters = null)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        shell.AddScript("$ProgressPreference = 'Continue'; $WarningPreference = 'Continue'").AddStatement();
        shell.AddScript(script);
        foreach (DictionaryEntry variable in parameters ?? new Hashtable())
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

        return new Outcome(
            output,
            shell.Streams.Error.ToList(),
            shell.Streams.Warning.Select(w => w.Message).ToList(),
            shell.Streams.Progress.ToList(),
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

/// <summary>What a script produced, stream by stream.</summary>
public sealed record Outcome(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<ProgressRecord> Progress,
    Exception? Terminating)
{
    public string Describe() =>
        $"errors: [{string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message))}] terminating: {Terminating?.Message}";

    /// <summary>Everything a person could see: objects with all their properties, and every other stream.</summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var item in Output)
        {
            text.AppendLine(item.ToString());
            foreach (var property in item.Properties)
            {
                var value = property.Value;
                text.Append(property.Name).Append('=').AppendLine(value is IEnumerable list and not string ? string.Join(",", list.Cast<object>()) : Convert.ToString(value));
            }
        }

        foreach (var error in Errors)
        {
            text.AppendLine(error.ToString()).AppendLine(error.Exception.ToString());
        }

        foreach (var line in Warnings)
        {
            text.AppendLine(line);
        }

        foreach (var record in Progress)
        {
            text.AppendLine($"{record.Activity} {record.StatusDescription} {record.CurrentOperation}");
        }

        if (Terminating is not null)
        {
            text.AppendLine(Terminating.ToString());
        }

        return text.ToString();
    }
}
