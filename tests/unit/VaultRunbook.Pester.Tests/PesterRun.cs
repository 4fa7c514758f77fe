using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace VaultRunbook.Pester.Tests;

/// <summary>
/// Runs one Pester file under real Pester 5.9.1 (bundled beside the tests as Modules/Pester) in a fresh runspace of
/// the full pwsh, with $env:VAULT_RUNBOOK_MODULE naming the module built beside the tests.
/// </summary>
public sealed class PesterRun
{
    private static readonly object EnvironmentGate = new();

    private PesterRun(string file, IReadOnlyList<PesterTestOutcome> tests, IReadOnlyList<string> problems, string pesterVersion, IReadOnlyList<string>? errorStream = null)
    {
        ErrorStream = errorStream ?? [];
        File = file;
        Tests = tests;
        Problems = problems;
        PesterVersion = pesterVersion;
    }

    public string File { get; }

    public IReadOnlyList<PesterTestOutcome> Tests { get; }

    /// <summary>Whatever keeps the file from counting as passed: failed tests, failed blocks or containers, not-run or skipped tests.</summary>
    public IReadOnlyList<string> Problems { get; }

    public string PesterVersion { get; }

    /// <summary>Non-terminating errors the file's commands wrote (Pester does not fail on them; they are shown).</summary>
    public IReadOnlyList<string> ErrorStream { get; }

    public static string ModuleManifest => Path.Combine(AppContext.BaseDirectory, "Modules", "VaultRunbook", "VaultRunbook.psd1");

    public static string PesterManifest => Path.Combine(AppContext.BaseDirectory, "Modules", "Pester", "Pester.psd1");

    public static PesterRun Invoke(string file, TimeSpan timeout)
    {
        // Files run one at a time: the environment variable below is process-wide.
        lock (EnvironmentGate)
        {
            var previous = Environment.GetEnvironmentVariable("VAULT_RUNBOOK_MODULE");
            Environment.SetEnvironmentVariable("VAULT_RUNBOOK_MODULE", ModuleManifest);
            try
            {
                return Run(file, timeout);
            }
            finally
            {
                Environment.SetEnvironmentVariable("VAULT_RUNBOOK_MODULE", previous);
            }
        }
    }

    private static PesterRun Run(string file, TimeSpan timeout)
    {
        using var runspace = RunspaceFactory.CreateRunspace(InitialSessionState.CreateDefault());
        runspace.Open();
        using var shell = PowerShell.Create();
        shell.Runspace = runspace;
        shell.AddScript("""
            param($Pester, $File)
            Import-Module $Pester -ErrorAction Stop
            $configuration = New-PesterConfiguration
            $configuration.Run.Path = $File
            $configuration.Run.PassThru = $true
            $configuration.Output.Verbosity = 'None'
            $configuration.Should.ErrorAction = 'Stop'
            $result = Invoke-Pester -Configuration $configuration
            [pscustomobject]@{
                Version    = (Get-Module Pester).Version.ToString()
                Result     = $result.Result
                Tests      = @($result.Tests | ForEach-Object {
                    [pscustomobject]@{ Path = $_.ExpandedPath; Result = "$($_.Result)"; Error = (@($_.ErrorRecord) | ForEach-Object { "$_" }) -join ' | ' }
                })
                Blocks     = @($result.FailedBlocks | ForEach-Object { "block '$($_.ExpandedPath)': " + ((@($_.ErrorRecord) | ForEach-Object { "$_" }) -join ' | ') })
                Containers = @($result.FailedContainers | ForEach-Object { "file: " + ((@($_.ErrorRecord) | ForEach-Object { "$_" }) -join ' | ') })
            }
            """).AddParameter("Pester", PesterManifest).AddParameter("File", file);

        var handle = shell.BeginInvoke();
        if (!handle.AsyncWaitHandle.WaitOne(timeout))
        {
            shell.Stop();
            return new PesterRun(file, [], [$"did not finish within {timeout.TotalSeconds:0}s; stopped"], "?");
        }

        PSDataCollection<PSObject> output;
        try
        {
            output = shell.EndInvoke(handle);
        }
        catch (RuntimeException e)
        {
            return new PesterRun(file, [], [$"Pester could not run the file: {e.Message}"], "?");
        }

        var errorStream = shell.Streams.Error.Select(e => $"{e.FullyQualifiedErrorId}: {e}").ToList();
        var problems = new List<string>();
        if (output.Count != 1)
        {
            problems.Add($"expected one summary, got {output.Count}");
            return new PesterRun(file, [], problems, "?");
        }

        var summary = output[0];
        var tests = ((IEnumerable)summary.Properties["Tests"].Value).Cast<object>().Select(PSObject.AsPSObject)
            .Select(t => new PesterTestOutcome((string)t.Properties["Path"].Value, (string)t.Properties["Result"].Value, (string)t.Properties["Error"].Value))
            .ToList();
        problems.AddRange(((IEnumerable)summary.Properties["Containers"].Value).Cast<object>().Select(c => c.ToString()!));
        problems.AddRange(((IEnumerable)summary.Properties["Blocks"].Value).Cast<object>().Select(b => b.ToString()!));
        problems.AddRange(tests.Where(t => t.Result != "Passed").Select(t => $"{t.Result}: {t.Path}{(t.Error.Length > 0 ? " -- " + t.Error : string.Empty)}"));
        if (tests.Count == 0)
        {
            problems.Add("the file ran no test");
        }

        var result = summary.Properties["Result"].Value?.ToString();
        if (result != "Passed" && problems.Count == 0)
        {
            problems.Add($"Pester reported the run as {result}");
        }

        return new PesterRun(file, tests, problems, summary.Properties["Version"].Value.ToString()!, errorStream);
    }

    public string Describe()
    {
        var text = new StringBuilder($"{Path.GetFileName(File)} under Pester {PesterVersion}: {Tests.Count(t => t.Result == "Passed")} of {Tests.Count} passed");
        foreach (var problem in Problems)
        {
            text.AppendLine().Append("  ").Append(problem);
        }

        return text.ToString();
    }
}

/// <summary>One Pester test: its expanded path ("Describe Context It"), Passed/Failed/Skipped/NotRun, and the failure text.</summary>
public sealed record PesterTestOutcome(string Path, string Result, string Error);
