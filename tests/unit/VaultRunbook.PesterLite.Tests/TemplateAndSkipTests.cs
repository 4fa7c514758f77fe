namespace VaultRunbook.PesterLite.Tests;

[Collection(SampleCollection.Name)]
public sealed class TemplateAndSkipTests(SampleRuns runs)
{
    private readonly SampleRun _run = runs.Get("Templates.Sample.ps1");

    [Fact]
    public void CountsSkippedTestsApart()
    {
        var result = _run.Result;
        Assert.True(result.Succeeded, result.Describe());
        Assert.Equal((14, 10, 0, 4), (result.TotalCount, result.PassedCount, result.FailedCount, result.SkippedCount));
    }

    [Fact]
    public void ExpandsTemplatesInTestAndBlockNames()
    {
        string[] expected =
        [
            "Templates adds 1 and 2 to get 3",
            "Templates adds -1 and 1 to get 0",
            "Templates item x",
            "Templates item y",
            "Templates node vault-0 on 8200",
            "Templates literal <tag> and a",
            "Templates unknown  is empty",
            "Block one runs with one",
            "Block two runs with two",
            "Skips skipped test",
            "Skips pending test",
            "Skips skipped context inside skipped context",
            "Skips runs",
            "All skipped a",
        ];
        Assert.Equal(expected, _run.Result.Tests.Select(t => t.ExpandedPath));
        Assert.Equal("adds <A> and <B> to get <Sum>", _run.Test("Templates adds 1 and 2 to get 3").Name);
    }

    [Theory]
    [InlineData("Skips skipped test")]
    [InlineData("Skips pending test")]
    [InlineData("Skips skipped context inside skipped context")]
    [InlineData("All skipped a")]
    public void SkippedTestsAndBlocksDoNotRun(string expandedPath)
    {
        var test = _run.Test(expandedPath);
        Assert.Equal("Skipped", test.Result);
        Assert.Null(test.ErrorMessage);
    }

    [Fact]
    public void RecordsTagsOfTheTestAndItsBlocks()
    {
        Assert.Equal(["slow", "unit", "fast"], _run.Test("Skips runs").Tags);
        Assert.Equal(["slow"], _run.Test("Skips skipped test").Tags);
        Assert.Empty(_run.Test("Templates item x").Tags);
    }
}
