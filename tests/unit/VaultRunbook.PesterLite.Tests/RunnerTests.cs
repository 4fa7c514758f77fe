using VaultRunbook.Testing;

namespace VaultRunbook.PesterLite.Tests;

[Collection(SampleCollection.Name)]
public sealed class RunnerTests(SampleRuns runs)
{
    [Fact]
    public void LocatesTheModuleInTheRepository()
    {
        var path = PesterLiteRunner.LocateModule();
        Assert.True(File.Exists(path), path);
        Assert.EndsWith(Path.Combine("tests", "PesterLite", "PesterLite.psm1"), path);
    }

    [Fact]
    public void SetsEnvironmentForTheRunAndRestoresIt()
    {
        // The samples ran with PESTERLITE_TRACE set (their traces prove it); afterwards it is gone again.
        Assert.NotEmpty(runs.Get("Lifecycle.Sample.ps1").Trace);
        Assert.Null(Environment.GetEnvironmentVariable(SampleRuns.TraceVariable));
    }

    [Fact]
    public void ErrorStreamDoesNotFailARun()
    {
        var result = runs.Get("ErrorStream.Sample.ps1").Result;
        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal(1, result.PassedCount);
        Assert.Contains(result.ErrorStream, e => e.Contains("No-SuchCommand-PesterLite", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingFileFails()
    {
        var result = PesterLiteRunner.Run(SampleRuns.PathOf("Does-Not-Exist.Sample.ps1"));
        Assert.False(result.Succeeded);
        Assert.StartsWith("Test file not found: ", Assert.Single(result.Errors));
    }

    [Fact]
    public void TimeoutStopsTheFileAndFails()
    {
        var result = PesterLiteRunner.Run(SampleRuns.PathOf("Hang.Sample.ps1"), timeout: TimeSpan.FromSeconds(3));
        Assert.False(result.Succeeded);
        Assert.Contains("did not finish within", Assert.Single(result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void DescribeListsErrorsAndFailedTests()
    {
        var failing = runs.Get("Lifecycle.Sample.ps1").Result.Describe();
        Assert.Contains("4 total, 3 passed, 1 failed, 0 skipped", failing, StringComparison.Ordinal);
        Assert.Contains("[-] Outer Inner third fails", failing, StringComparison.Ordinal);
        Assert.Contains("third failed", failing, StringComparison.Ordinal);

        var broken = runs.Get("SyntaxError.Sample.ps1").Result.Describe();
        Assert.Contains("[error] Syntax error:", broken, StringComparison.Ordinal);
    }
}
