using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>Every runbook in examples/ runs under the Host (pwsh with the module bundled) and exits 0.</summary>
public sealed class ExampleScriptTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Examples, "*.ps1").OrderBy(f => f))
        {
            if (Path.GetFileName(file) == ImportHelper)
            {
                continue; // dot-sourced by the others, not a runbook (ImportHelperTests).
            }

            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    public const string ImportHelper = "Import-VaultRunbook.ps1";

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_runs_under_the_host_and_exits_zero(string example)
    {
        var result = HostRunner.Run("-NonInteractive", "-File", Path.Combine(RepoPaths.Examples, example));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstdout:\n{result.StdOut}\nstderr:\n{result.StdErr}");
        Assert.True(result.StdOut.Length > 0, "the example printed nothing");
    }
}
