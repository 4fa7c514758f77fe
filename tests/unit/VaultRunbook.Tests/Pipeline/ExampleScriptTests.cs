using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>Every examples/*.ps1 runs under the Host (no pwsh here) and exits 0.</summary>
public sealed class ExampleScriptTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.Examples, "*.ps1").OrderBy(f => f))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Example_runs_under_the_host_and_exits_zero(string example)
    {
        var result = HostRunner.Run("-NonInteractive", "-File", Path.Combine(RepoPaths.Examples, example));

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstdout:\n{result.StdOut}\nstderr:\n{result.StdErr}");
        Assert.True(result.StdOut.Length > 0, "the example printed nothing");
    }
}
