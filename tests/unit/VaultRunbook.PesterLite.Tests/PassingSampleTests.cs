namespace VaultRunbook.PesterLite.Tests;

[Collection(SampleCollection.Name)]
public sealed class PassingSampleTests(SampleRuns runs)
{
    private readonly SampleRun _run = runs.Get("Passing.Sample.ps1");

    [Fact]
    public void EveryTestPasses()
    {
        var result = _run.Result;
        Assert.True(result.Succeeded, result.Describe());
        Assert.Empty(result.Errors);
        Assert.Equal(30, result.TotalCount);
        Assert.Equal(30, result.PassedCount);
        Assert.Equal(0, result.FailedCount);
        Assert.Equal(0, result.SkippedCount);
        Assert.All(result.Tests, t => Assert.Equal("Passed", t.Result));
    }

    [Theory]
    [InlineData("Should operators Be compares with -eq, collections item by item")]
    [InlineData("Should -Throw matches the FullyQualifiedErrorId as a wildcard")]
    [InlineData("Setup and scoping does not see what the previous test changed")]
    [InlineData("Setup and scoping knows its own file through $PSScriptRoot and $PSCommandPath")]
    [InlineData("Setup and scoping Nested inherits the outer BeforeAll")]
    [InlineData("Data-driven tests doubles 21 to 42")]
    [InlineData("Data-driven tests item b is a letter")]
    [InlineData("Node vault-1 listens on 8201")]
    public void ReportsTestsByExpandedPath(string expandedPath)
    {
        var test = _run.Test(expandedPath);
        Assert.True(test.Passed, test.ErrorMessage);
        Assert.Equal(expandedPath, string.Join(' ', test.Path));
    }
}
