namespace VaultRunbook.PesterLite.Tests;

[Collection(SampleCollection.Name)]
public sealed class DiscoveryTests(SampleRuns runs)
{
    [Fact]
    public void CodeLooseInTheFileOrDescribeBodyRunsOnlyAtDiscovery()
    {
        var run = runs.Get("DiscoveryScope.Sample.ps1");
        Assert.Equal((6, 5, 1), (run.Result.TotalCount, run.Result.PassedCount, run.Result.FailedCount));
        Assert.True(run.Test("Discovery-only code does not see variables set in the Describe body").Passed);
        Assert.True(run.Test("Discovery-only code does not see variables set at the top of the file").Passed);
        Assert.True(run.Test("Discovery-only code does not see BeforeDiscovery variables").Passed);
        Assert.True(run.Test("Discovery-only code does not see functions defined at the top of the file").Passed);
        Assert.True(run.Test("Discovery-only code gets discovery data only through -ForEach (d1)").Passed);
        var leak = run.Test("Discovery-only code would fail if the Describe body leaked");
        Assert.Equal("Expected 'body', but got $null.", leak.ErrorMessage);
    }

    [Fact]
    public void ThrowDuringDiscoveryFailsTheFile()
    {
        var result = runs.Get("DiscoveryThrow.Sample.ps1").Result;
        Assert.False(result.Succeeded);
        Assert.Empty(result.Tests);
        Assert.Equal((1, 1), (result.TotalCount, result.FailedCount));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("Discovery failed: discovery exploded", error);
        Assert.EndsWith("DiscoveryThrow.Sample.ps1:3)", error);
    }

    [Fact]
    public void SyntaxErrorFailsTheFile()
    {
        var result = runs.Get("SyntaxError.Sample.ps1").Result;
        Assert.False(result.Succeeded);
        Assert.Empty(result.Tests);
        Assert.Equal(1, result.FailedCount);
        Assert.StartsWith("Syntax error: Missing closing '}'", Assert.Single(result.Errors));
    }

    [Fact]
    public void EmptyFileHasNoTestsAndSaysSo()
    {
        var result = runs.Get("Empty.Sample.ps1").Result;
        Assert.True(result.IsEmpty);
        Assert.True(result.Succeeded);
        Assert.Equal((0, 0, 0, 0), (result.TotalCount, result.PassedCount, result.FailedCount, result.SkippedCount));
        Assert.Contains("No tests were found", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void UnsupportedCommandAtDiscoveryFailsTheFile()
    {
        var result = runs.Get("UnsupportedDiscovery.Sample.ps1").Result;
        Assert.False(result.Succeeded);
        Assert.Empty(result.Tests);
        Assert.StartsWith("Discovery failed: PesterLite does not support Mock", Assert.Single(result.Errors));
    }

    [Fact]
    public void UnknownParameterFailsTheFile()
    {
        var result = runs.Get("UnknownParameter.Sample.ps1").Result;
        Assert.False(result.Succeeded);
        Assert.StartsWith("Discovery failed: PesterLite does not support parameter -Focus of It", Assert.Single(result.Errors));
    }

    [Fact]
    public void TestDriveFailsTheFile()
    {
        var result = runs.Get("TestDrive.Sample.ps1").Result;
        Assert.False(result.Succeeded);
        Assert.Empty(result.Tests);
        Assert.StartsWith("PesterLite does not support $TestDrive", Assert.Single(result.Errors));
    }
}
