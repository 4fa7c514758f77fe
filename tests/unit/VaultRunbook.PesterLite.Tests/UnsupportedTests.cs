namespace VaultRunbook.PesterLite.Tests;

[Collection(SampleCollection.Name)]
public sealed class UnsupportedTests(SampleRuns runs)
{
    private readonly SampleRun _run = runs.Get("UnsupportedRuntime.Sample.ps1");

    [Theory]
    [InlineData("Mock", "PesterLite does not support Mock")]
    [InlineData("Should -Invoke", "PesterLite does not support Should -Invoke")]
    [InlineData("Should -InvokeVerifiable", "PesterLite does not support Should -InvokeVerifiable")]
    [InlineData("InModuleScope", "PesterLite does not support InModuleScope")]
    [InlineData("Set-ItResult", "PesterLite does not support Set-ItResult")]
    [InlineData("New-PesterConfiguration", "PesterLite does not support New-PesterConfiguration")]
    [InlineData("an operator PesterLite lacks", "PesterLite does not support Should -HaveParameter")]
    [InlineData("soft assertions", "PesterLite does not support Should -ErrorAction Continue")]
    [InlineData("a swallowed Mock", "PesterLite does not support Mock")]
    [InlineData("a Mock inside Should -Throw", "PesterLite does not support Mock")]
    public void UnsupportedUseAtRunTimeFailsThatTest(string name, string messageStart)
    {
        var test = _run.Test("Unsupported at run time " + name);
        Assert.Equal("Failed", test.Result);
        Assert.StartsWith(messageStart, test.ErrorMessage);
    }

    [Fact]
    public void OtherTestsStillRun()
    {
        var result = _run.Result;
        Assert.Equal((11, 1, 10), (result.TotalCount, result.PassedCount, result.FailedCount));
        Assert.True(_run.Test("Unsupported at run time still runs the rest").Passed);
    }

    [Fact]
    public void ACaughtFailedShouldStillFailsTheTestButShouldThrowMayExpectOne()
    {
        var run = runs.Get("CaughtShould.Sample.ps1");
        var caught = run.Test("Caught assertions catches its own failed Should");
        Assert.Equal("Failed", caught.Result);
        Assert.Equal("Expected 2, but got 1.", caught.ErrorMessage);
        Assert.True(run.Test("Caught assertions expects a failed Should with Should -Throw").Passed);
    }
}
