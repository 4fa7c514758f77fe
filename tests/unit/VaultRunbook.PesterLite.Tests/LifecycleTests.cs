namespace VaultRunbook.PesterLite.Tests;

[Collection(SampleCollection.Name)]
public sealed class LifecycleTests(SampleRuns runs)
{
    [Fact]
    public void SetupAndTeardownRunInPester5Order()
    {
        var run = runs.Get("Lifecycle.Sample.ps1");
        string[] expected =
        [
            "root BeforeAll",
            "Outer BeforeAll",
            "Outer BeforeEach", "It first", "Outer AfterEach (first)",
            "Inner BeforeAll",
            "Outer BeforeEach", "Inner BeforeEach", "It second", "Inner AfterEach (second)", "Outer AfterEach (second)",
            "Outer BeforeEach", "Inner BeforeEach", "It third", "Inner AfterEach (third)", "Outer AfterEach (third)",
            "Inner AfterAll",
            "Outer BeforeEach", "It fourth", "Outer AfterEach (none)",
            "Outer AfterAll",
            "root AfterAll",
        ];
        Assert.Equal(expected, run.Trace);
    }

    [Fact]
    public void AFailingTestStillGetsItsTeardownAndTheRestRun()
    {
        var result = runs.Get("Lifecycle.Sample.ps1").Result;
        Assert.Equal((4, 3, 1, 0), (result.TotalCount, result.PassedCount, result.FailedCount, result.SkippedCount));
        var failed = Assert.Single(result.FailedTests);
        Assert.Equal("Outer Inner third fails", failed.ExpandedPath);
        Assert.Equal("third failed", failed.ErrorMessage);
        Assert.EndsWith("Lifecycle.Sample.ps1:36", failed.ErrorLocation);
    }

    [Fact]
    public void BeforeAllFailureFailsEveryTestOfTheBlockAndAfterAllStillRuns()
    {
        var run = runs.Get("BeforeAllFailure.Sample.ps1");
        var result = run.Result;
        Assert.Equal((5, 1, 3, 1), (result.TotalCount, result.PassedCount, result.FailedCount, result.SkippedCount));
        foreach (var path in new[] { "Broken setup one", "Broken setup two", "Broken setup Nested three" })
        {
            var test = run.Test(path);
            Assert.Equal("Failed", test.Result);
            Assert.Equal("BeforeAll failed: setup exploded", test.ErrorMessage);
        }

        Assert.True(run.Test("Broken setup skipped stays skipped").Skipped);
        Assert.True(run.Test("Healthy still runs").Passed);
        Assert.Equal(["Broken AfterAll", "healthy"], run.Trace);
    }

    [Fact]
    public void AfterAllFailureCountsAsAFailure()
    {
        var result = runs.Get("AfterAllFailure.Sample.ps1").Result;
        Assert.False(result.Succeeded);
        Assert.Equal((2, 1, 1, 0), (result.TotalCount, result.PassedCount, result.FailedCount, result.SkippedCount));
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("AfterAll failed in 'Teardown that fails': teardown exploded", error);
    }
}
