using VaultRunbook.Testing;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Every tests/pester/*.Tests.ps1 runs through the Pester-compatible runner (Pester cannot be installed here),
/// against the module built beside these tests.
/// </summary>
public sealed class PesterScenarioTests
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepoPaths.PesterFiles, "*.Tests.ps1").OrderBy(f => f))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Pester_scenario_passes(string file)
    {
        var result = PesterLiteRunner.Run(
            Path.Combine(RepoPaths.PesterFiles, file),
            new Dictionary<string, string> { ["VAULTRUNBOOK_MODULE"] = RepoPaths.ModuleManifest });

        Assert.False(result.IsEmpty, $"{file} ran no test");
        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(0, result.FailedCount);
        Assert.True(result.PassedCount > 0);
    }
}
