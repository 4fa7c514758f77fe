using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace VaultRunbook.Tests.Support;

/// <summary>
/// A runspace of the real PowerShell engine (System.Management.Automation 7.6.9) with the built VaultRunbook
/// module imported, as a user's pwsh would have it. Runs scripts and keeps every stream for assertions.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ImportPSModule(new[] { RepoPaths.ModuleManifest });
        state.ThrowOnRunspaceOpenError = true;
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    public ScriptResult Run(string script, IDictionary? parameters = null, bool verboseAndDebug = false)
    {
        using var shell = PowerShell.Create();
        shell.Runspace = _runspace;
        if (verboseAndDebug)
        {
            shell.AddScript("$VerbosePreference = 'Continue'; $DebugPreference = 'Continue'; $InformationPreference = 'Continue'; $ProgressPreference = 'Continue'").AddStatement();
        }
        else
        {
            shell.AddScript("$VerbosePreference = 'SilentlyContinue'; $DebugPreference = 'SilentlyContinue'").AddStatement();
        }

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

        return new ScriptResult(
            output,
            shell.Streams.Error.ToList(),
            shell.Streams.Warning.Select(w => w.Message).ToList(),
            shell.Streams.Verbose.Select(v => v.Message).ToList(),
            shell.Streams.Debug.Select(d => d.Message).ToList(),
            shell.Streams.Information.Select(i => i.MessageData?.ToString() ?? string.Empty).ToList(),
            shell.Streams.Progress.Select(p => $"{p.Activity} {p.StatusDescription} {p.CurrentOperation}").ToList(),
            terminating);
    }

    public void Dispose() => _runspace.Dispose();
}

/// <summary>Everything a script produced, stream by stream.</summary>
public sealed record ScriptResult(
    IReadOnlyList<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Debug,
    IReadOnlyList<string> Information,
    IReadOnlyList<string> Progress,
    Exception? Terminating)
{
    public object? Property(int index, string name) => Output[index].Properties[name]?.Value;

    public IEnumerable<string> ErrorIds => Errors.Select(e => e.FullyQualifiedErrorId);

    /// <summary>All text of every stream, rendered as a person would see it, for leak checks.</summary>
    public string AllText()
    {
        var text = new StringBuilder();
        foreach (var item in Output)
        {
            text.AppendLine(item.ToString());
            foreach (var property in item.Properties)
            {
                text.Append(property.Name).Append('=').AppendLine(Convert.ToString(SafeValue(property)));
            }
        }

        foreach (var error in Errors)
        {
            text.AppendLine(error.ToString()).AppendLine(error.Exception.ToString()).AppendLine(Convert.ToString(error.TargetObject));
            text.AppendLine(error.ErrorDetails?.Message);
        }

        foreach (var line in Warnings.Concat(Verbose).Concat(Debug).Concat(Information).Concat(Progress))
        {
            text.AppendLine(line);
        }

        if (Terminating is not null)
        {
            text.AppendLine(Terminating.ToString());
        }

        return text.ToString();
    }

    private static object? SafeValue(PSPropertyInfo property)
    {
        try
        {
            return property.Value;
        }
        catch (GetValueException)
        {
            return null;
        }
    }

    public string Describe() =>
        $"errors: [{string.Join(" | ", Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message))}] terminating: {Terminating?.Message}";
}
