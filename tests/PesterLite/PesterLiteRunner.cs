// Runs one Pester 5 test file through PesterLite (tests/PesterLite/PesterLite.psm1) in a fresh
// hosted runspace and returns its result. Test projects link this file:
//   <Compile Include="../../PesterLite/PesterLiteRunner.cs" />
// and reference System.Management.Automation 7.6.9.
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Text;

namespace VaultRunbook.Testing;

/// <summary>Runs Pester 5 files with PesterLite, the Pester-compatible runner kept under tests/PesterLite.</summary>
public static class PesterLiteRunner
{
    /// <summary>The time a file may run before it is stopped and reported as failed.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    private const string SolutionFileName = "VaultRunbook.slnx";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    // Environment variables are process-wide, so runs are serialized: a file never sees another
    // run's variables, and the variables it was given stay set until it has finished.
    private static readonly object RunGate = new();

    /// <summary>
    /// Runs <paramref name="testFile"/> in a new runspace (InitialSessionState.CreateDefault2) with
    /// PesterLite imported. <paramref name="environment"/> is set for the duration of the run and
    /// restored afterwards (an empty value removes the variable). Writing to the error stream does
    /// not fail a run; only test results, container errors and a timeout do.
    /// </summary>
    public static PesterLiteResult Run(string testFile, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(testFile);
        var fullPath = Path.GetFullPath(testFile);
        var modulePath = LocateModule();
        var limit = timeout ?? DefaultTimeout;

        lock (RunGate)
        {
            var saved = new Dictionary<string, string?>(StringComparer.Ordinal);
            try
            {
                if (environment is not null)
                {
                    foreach (var (name, value) in environment)
                    {
                        if (!saved.ContainsKey(name))
                        {
                            saved[name] = Environment.GetEnvironmentVariable(name);
                        }

                        Environment.SetEnvironmentVariable(name, string.IsNullOrEmpty(value) ? null : value);
                    }
                }

                return RunInRunspace(fullPath, modulePath, limit);
            }
            finally
            {
                foreach (var (name, value) in saved)
                {
                    Environment.SetEnvironmentVariable(name, value);
                }
            }
        }
    }

    /// <summary>
    /// The path of PesterLite.psm1: tests/PesterLite/ under the folder holding VaultRunbook.slnx
    /// (searched upwards from the test assembly), else a copy at PesterLite/PesterLite.psm1 in the output folder.
    /// </summary>
    public static string LocateModule()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                var inRepo = Path.Combine(dir.FullName, "tests", "PesterLite", "PesterLite.psm1");
                if (File.Exists(inRepo))
                {
                    return inRepo;
                }

                break;
            }
        }

        var copy = Path.Combine(AppContext.BaseDirectory, "PesterLite", "PesterLite.psm1");
        if (File.Exists(copy))
        {
            return copy;
        }

        throw new FileNotFoundException(
            $"PesterLite.psm1 was found neither under tests/PesterLite of the folder holding {SolutionFileName} (searched upwards from {AppContext.BaseDirectory}) nor at {copy}.");
    }

    private static PesterLiteResult RunInRunspace(string testFile, string modulePath, TimeSpan timeout)
    {
        var iss = InitialSessionState.CreateDefault2();
        if (OperatingSystem.IsWindows())
        {
            // Script modules and .ps1 files load whatever the machine's policy; elsewhere there is no policy.
            iss.ExecutionPolicy = Microsoft.PowerShell.ExecutionPolicy.Bypass;
        }

        var runspace = RunspaceFactory.CreateRunspace(iss);
        var ps = PowerShell.Create();
        var finished = false;
        try
        {
            runspace.Open();
            ps.Runspace = runspace;
            // One script, not a batch of statements: a stopped batch goes on in a thread-pool work item that
            // touches the runspace after it is disposed and crashes the test host.
            ps.AddScript("param($module, $file) Import-Module -Name $module -ErrorAction Stop; Invoke-PesterLite -Path $file -PassThru")
                .AddArgument(modulePath)
                .AddArgument(testFile);

            var output = new PSDataCollection<PSObject>();
            var pending = ps.BeginInvoke<PSObject, PSObject>(null, output);
            if (!pending.AsyncWaitHandle.WaitOne(timeout))
            {
                var stopping = ps.BeginStop(null, null);
                finished = stopping.AsyncWaitHandle.WaitOne(StopGrace) && pending.AsyncWaitHandle.WaitOne(StopGrace);
                return PesterLiteResult.FromError(
                    testFile,
                    $"PesterLite: the file did not finish within {timeout}; it was stopped.",
                    ErrorStream(ps));
            }

            finished = true;
            try
            {
                ps.EndInvoke(pending);
            }
            catch (Exception ex) when (ex is RuntimeException or InvalidOperationException)
            {
                return PesterLiteResult.FromError(testFile, $"PesterLite could not run the file: {ex.Message}", ErrorStream(ps));
            }

            var results = output.Where(o => o?.Properties["TotalCount"] is not null).ToList();
            if (results.Count != 1)
            {
                return PesterLiteResult.FromError(
                    testFile,
                    $"PesterLite: Invoke-PesterLite returned {results.Count} result objects instead of 1.",
                    ErrorStream(ps));
            }

            return Convert(testFile, results[0], ErrorStream(ps));
        }
        finally
        {
            if (finished)
            {
                ps.Dispose();
                runspace.Dispose();
            }
            else
            {
                // A pipeline that would not stop may block disposal; let it go in the background.
                _ = Task.Run(() =>
                {
                    ps.Dispose();
                    runspace.Dispose();
                });
            }
        }
    }

    private static List<string> ErrorStream(PowerShell ps)
    {
        var list = new List<string>();
        foreach (var record in ps.Streams.Error.ReadAll())
        {
            var where = record.InvocationInfo?.ScriptName is { Length: > 0 } script
                ? $" ({script}:{record.InvocationInfo.ScriptLineNumber})"
                : string.Empty;
            list.Add($"{record}{where} [{record.FullyQualifiedErrorId}]");
        }

        return list;
    }

    private static PesterLiteResult Convert(string testFile, PSObject result, List<string> errorStream)
    {
        var tests = new List<PesterLiteTestResult>();
        foreach (var item in Enumerate(Property(result, "Tests")))
        {
            if (item is null)
            {
                continue;
            }

            var test = item as PSObject ?? PSObject.AsPSObject(item);
            tests.Add(new PesterLiteTestResult(
                ExpandedPath: Text(Property(test, "ExpandedPath")) ?? string.Empty,
                Path: Enumerate(Property(test, "Path")).Select(p => p?.ToString() ?? string.Empty).ToList(),
                Name: Text(Property(test, "Name")) ?? string.Empty,
                Result: Text(Property(test, "Result")) ?? "Failed",
                ErrorMessage: Text(Property(test, "ErrorMessage")),
                ErrorLocation: Text(Property(test, "ErrorLocation")),
                Tags: Enumerate(Property(test, "Tags")).Select(p => p?.ToString() ?? string.Empty).ToList(),
                Duration: Property(test, "Duration") is TimeSpan d ? d : TimeSpan.Zero));
        }

        var errors = Enumerate(Property(result, "Errors")).Select(e => e?.ToString() ?? string.Empty).ToList();

        // The counts are derived here from the lists, and checked against what the runner reported.
        var computed = PesterLiteResult.Create(testFile, tests, errors, errorStream);
        var reported = (Total: Number(result, "TotalCount"), Passed: Number(result, "PassedCount"),
            Failed: Number(result, "FailedCount"), Skipped: Number(result, "SkippedCount"));
        if (reported != (computed.TotalCount, computed.PassedCount, computed.FailedCount, computed.SkippedCount))
        {
            errors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"PesterLite: the reported counts (total {reported.Total}, passed {reported.Passed}, failed {reported.Failed}, skipped {reported.Skipped}) do not match the results."));
            computed = PesterLiteResult.Create(testFile, tests, errors, errorStream);
        }

        return computed;
    }

    private static object? Property(PSObject target, string name)
    {
        var value = target.Properties[name]?.Value;
        return value is PSObject wrapped ? wrapped.BaseObject : value;
    }

    private static string? Text(object? value) => value?.ToString();

    private static int Number(PSObject target, string name) =>
        System.Convert.ToInt32(Property(target, name) ?? 0, CultureInfo.InvariantCulture);

    private static IEnumerable<object?> Enumerate(object? value)
    {
        switch (value)
        {
            case null:
                yield break;
            case string s:
                yield return s;
                yield break;
            case IEnumerable items:
                foreach (var item in items)
                {
                    yield return item is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : item;
                }

                yield break;
            default:
                yield return value;
                yield break;
        }
    }
}

/// <summary>One test (one It, or one case of an It with -TestCases/-ForEach).</summary>
/// <param name="ExpandedPath">Block and test names with templates expanded, joined by spaces: "Describe Context It".</param>
/// <param name="Path">The same names, one per level.</param>
/// <param name="Name">The test's name as written (templates not expanded).</param>
/// <param name="Result">Passed, Failed or Skipped.</param>
/// <param name="ErrorMessage">Why the test failed (Pester's message for a failed Should).</param>
/// <param name="ErrorLocation">file:line where it failed, when known.</param>
/// <param name="Tags">The test's tags and those of the blocks around it.</param>
/// <param name="Duration">How long the test and its BeforeEach/AfterEach took.</param>
public sealed record PesterLiteTestResult(
    string ExpandedPath,
    IReadOnlyList<string> Path,
    string Name,
    string Result,
    string? ErrorMessage,
    string? ErrorLocation,
    IReadOnlyList<string> Tags,
    TimeSpan Duration)
{
    public bool Passed => Result == "Passed";

    public bool Failed => Result == "Failed";

    public bool Skipped => Result == "Skipped";
}

/// <summary>
/// The result of one file. Each container error (syntax error, failed discovery, unsupported
/// feature, failed AfterAll, timeout) counts as one failure: FailedCount = failed tests + Errors.Count,
/// TotalCount = PassedCount + FailedCount + SkippedCount.
/// </summary>
public sealed record PesterLiteResult(
    string TestFile,
    int TotalCount,
    int PassedCount,
    int FailedCount,
    int SkippedCount,
    IReadOnlyList<PesterLiteTestResult> Tests,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> ErrorStream)
{
    /// <summary>No failed test and no container error. A file with no tests at all also succeeds: see <see cref="IsEmpty"/>.</summary>
    public bool Succeeded => FailedCount == 0;

    /// <summary>No test ran or was skipped and there was no error; callers may treat this as a failure.</summary>
    public bool IsEmpty => TotalCount == 0;

    public IEnumerable<PesterLiteTestResult> FailedTests => Tests.Where(t => t.Failed);

    public static PesterLiteResult Create(string testFile, IReadOnlyList<PesterLiteTestResult> tests, IReadOnlyList<string> errors, IReadOnlyList<string> errorStream)
    {
        var passed = tests.Count(t => t.Passed);
        var skipped = tests.Count(t => t.Skipped);
        var failed = tests.Count - passed - skipped + errors.Count;
        return new PesterLiteResult(testFile, passed + failed + skipped, passed, failed, skipped, tests, errors, errorStream);
    }

    public static PesterLiteResult FromError(string testFile, string error, IReadOnlyList<string> errorStream) =>
        Create(testFile, Array.Empty<PesterLiteTestResult>(), new[] { error }, errorStream);

    /// <summary>A summary for an assertion message: counts, container errors, each failed test with its message.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"PesterLite {TestFile}: {TotalCount} total, {PassedCount} passed, {FailedCount} failed, {SkippedCount} skipped.");
        if (IsEmpty)
        {
            text.AppendLine().Append("  No tests were found in the file.");
        }

        foreach (var error in Errors)
        {
            text.AppendLine().Append("  [error] ").Append(error);
        }

        foreach (var test in FailedTests)
        {
            text.AppendLine().Append("  [-] ").Append(test.ExpandedPath);
            if (!string.IsNullOrEmpty(test.ErrorLocation))
            {
                text.Append(" (").Append(test.ErrorLocation).Append(')');
            }

            foreach (var line in (test.ErrorMessage ?? string.Empty).Split('\n'))
            {
                text.AppendLine().Append("      ").Append(line.TrimEnd('\r'));
            }
        }

        if (!Succeeded && ErrorStream.Count > 0)
        {
            const int Shown = 10;
            text.AppendLine().Append(CultureInfo.InvariantCulture, $"  Error stream ({ErrorStream.Count} records):");
            foreach (var record in ErrorStream.Take(Shown))
            {
                text.AppendLine().Append("    ").Append(record);
            }

            if (ErrorStream.Count > Shown)
            {
                text.AppendLine().Append(CultureInfo.InvariantCulture, $"    ...{ErrorStream.Count - Shown} more");
            }
        }

        return text.ToString();
    }
}
