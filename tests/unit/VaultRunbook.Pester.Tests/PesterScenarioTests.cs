using Xunit;
using Xunit.Abstractions;

namespace VaultRunbook.Pester.Tests;

/// <summary>
/// Every tests/pester/*.Tests.ps1 under real Pester 5.9.1 against the module built beside these tests. A file passes
/// only when every test in it passed: a failed, skipped or not-run test, a failed BeforeAll/AfterAll block or a file
/// that does not load fails it, with each failed test's name and message.
/// </summary>
public sealed class PesterScenarioTests(ITestOutputHelper output)
{
    private static readonly TimeSpan FileTimeout = TimeSpan.FromMinutes(5);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(PesterFolder, "*.Tests.ps1").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Pester_file_passes_under_real_Pester(string file)
    {
        var run = PesterRun.Invoke(Path.Combine(PesterFolder, file), FileTimeout);
        foreach (var test in run.Tests)
        {
            output.WriteLine($"[{test.Result}] {test.Path}");
        }

        foreach (var error in run.ErrorStream)
        {
            output.WriteLine($"[error stream] {error}");
        }

        Assert.True(run.Problems.Count == 0, run.Describe());
        Assert.Equal("5.9.1", run.PesterVersion);
    }

    private static string PesterFolder
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "VaultRunbook.slnx")))
                {
                    return Path.Combine(dir.FullName, "tests", "pester");
                }
            }

            throw new DirectoryNotFoundException("No VaultRunbook.slnx above " + AppContext.BaseDirectory);
        }
    }
}
