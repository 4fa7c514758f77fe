using System.Text.RegularExpressions;

namespace VaultRunbook.PesterLite.Tests;

[Collection(SampleCollection.Name)]
public sealed class ShouldFailureTests(SampleRuns runs)
{
    private const string Sample = "FailingShould.Sample.ps1";
    private readonly SampleRun _run = runs.Get(Sample);

    [Fact]
    public void EveryFailingAssertionFailsItsTest()
    {
        var result = _run.Result;
        Assert.False(result.Succeeded);
        Assert.Empty(result.Errors);
        Assert.Equal(53, result.TotalCount);
        Assert.Equal(53, result.FailedCount);
        Assert.Equal(0, result.PassedCount);
        Assert.All(result.Tests, t => Assert.True(t.Failed, t.ExpandedPath));
        Assert.All(result.Tests, t => Assert.StartsWith(SampleRuns.PathOf(Sample) + ":", t.ErrorLocation));
    }

    [Theory]
    [InlineData("Failing Be", "Expected 3, but got 4.")]
    [InlineData("Failing Be with Because", "Expected 3, because three is expected, but got 4.")]
    [InlineData("Failing Be on strings", "Expected strings to be the same, but they were different.\nExpected length: 4\nActual length:   5\nStrings differ at index 3.\nExpected: 'help'\nBut was:  'hello'\n           ---^")]
    [InlineData("Failing Be on collections", "Expected @(1, 3), but got @(1, 2).")]
    [InlineData("Failing BeExactly", "Expected strings to be the same, but they were different.\nString lengths are both 3.\nStrings differ at index 0.\nExpected: 'ABC'\nBut was:  'abc'\n           ^")]
    [InlineData("Failing BeExactly on numbers", "Expected exactly 2, but got 1.")]
    [InlineData("Failing BeTrue", "Expected $true, but got $false.")]
    [InlineData("Failing BeTrue on each item", "Expected $true, but got 0.")]
    [InlineData("Failing BeFalse", "Expected $false, but got 1.")]
    [InlineData("Failing BeNullOrEmpty", "Expected $null or empty, but got x.")]
    [InlineData("Failing BeGreaterThan", "Expected the actual value to be greater than 2, but got 1.")]
    [InlineData("Failing BeLessThan", "Expected the actual value to be less than 2, but got 3.")]
    [InlineData("Failing BeGreaterOrEqual", "Expected the actual value to be greater than or equal to 2, but got 1.")]
    [InlineData("Failing BeLessOrEqual", "Expected the actual value to be less than or equal to 2, but got 3.")]
    [InlineData("Failing Match", "Expected regular expression 'x' to match 'abc', but it did not match.")]
    [InlineData("Failing MatchExactly", "Expected regular expression 'ABC' to case sensitively match 'abc', but it did not match.")]
    [InlineData("Failing BeLike", "Expected like wildcard 'x*' to match 'abc', but it did not match.")]
    [InlineData("Failing BeLikeExactly", "Expected case sensitive like wildcard 'A*' to match 'abc', but it did not match.")]
    [InlineData("Failing Contain", "Expected 3 to be found in collection @(1, 2), but it was not found.")]
    [InlineData("Failing BeIn", "Expected collection @(1, 2) to contain 3, but it was not found.")]
    [InlineData("Failing HaveCount", "Expected a collection with size 2, but got collection with size 3 @(1, 2, 3).")]
    [InlineData("Failing HaveCount on nothing", "Expected a collection with size 1, but got an empty collection.")]
    [InlineData("Failing BeOfType", "Expected the value to have type [int] or any of its subtypes, but got 'abc' with type [string].")]
    [InlineData("Failing Throw", "Expected an exception to be thrown, but no exception was thrown.")]
    [InlineData("Failing Throw with a message filter", "Expected an exception with message like 'message' to be thrown, but no exception was thrown.")]
    [InlineData("Failing Exist", "Expected path '/no/such/path/pesterlite' to exist, but it did not exist.")]
    [InlineData("Failing stops at the first failed Should", "Expected 2, but got 1.")]
    [InlineData("Failing BeNullOrEmpty with Because", "Expected $null or empty, because reason, but got 1.")]
    [InlineData("Failing BeNullOrEmpty on a hashtable", "Expected $null or empty, but got @(System.Collections.Hashtable).")]
    [InlineData("Failing HaveCount expecting empty", "Expected an empty collection, because reason, but got collection with size 1 1.")]
    [InlineData("Failing HaveCount with Because", "Expected a collection with size 3, because reason, but got collection with size 4 @(1, 'a', 3, 4).")]
    [InlineData("Failing with Not Not Be", "Expected 3 to be different from the actual value, but got the same value.")]
    [InlineData("Failing with Not Not BeExactly", "Expected 'a' to be different from the actual value, but got exactly the same value.")]
    [InlineData("Failing with Not Not BeTrue", "Expected $false, but got $true.")]
    [InlineData("Failing with Not Not BeFalse", "Expected $true, but got $false.")]
    [InlineData("Failing with Not Not BeNullOrEmpty", "Expected a value, but got $null or empty.")]
    [InlineData("Failing with Not Not BeGreaterThan", "Expected the actual value to be less than or equal to 2, but got 3.")]
    [InlineData("Failing with Not Not BeLessThan", "Expected the actual value to be greater than or equal to 2, but got 1.")]
    [InlineData("Failing with Not Not BeGreaterOrEqual", "Expected the actual value to be less than 2, but got 2.")]
    [InlineData("Failing with Not Not BeLessOrEqual", "Expected the actual value to be greater than 2, but got 2.")]
    [InlineData("Failing with Not Not Match", "Expected regular expression 'b' to not match 'abc', but it did match.")]
    [InlineData("Failing with Not Not MatchExactly", "Expected regular expression 'b' to not case sensitively match 'abc', but it did match.")]
    [InlineData("Failing with Not Not BeLike", "Expected like wildcard 'a*' to not match 'abc', but it did match.")]
    [InlineData("Failing with Not Not BeLikeExactly", "Expected case sensitive like wildcard 'a*' to not match 'abc', but it did match.")]
    [InlineData("Failing with Not Not Contain", "Expected 2 to not be found in collection @(1, 2), but it was found.")]
    [InlineData("Failing with Not Not BeIn", "Expected collection @(1, 2) to not contain 2, but it was found.")]
    [InlineData("Failing with Not Not HaveCount", "Expected a collection with size different from 2, but got collection with that size @(1, 2).")]
    [InlineData("Failing with Not Not BeOfType", "Expected the value to not have type [int] or any of its subtypes, but got 1 with type [int].")]
    public void FailsWithPestersMessage(string expandedPath, string message)
    {
        var test = _run.Test(expandedPath);
        Assert.Equal("Failed", test.Result);
        Assert.Equal(message, test.ErrorMessage);
    }

    [Theory]
    [InlineData("Failing Throw with another message", "Expected an exception with message like 'error2' to be thrown, but the message was 'error1'. from {file}:28 char:")]
    [InlineData("Failing Throw with another ErrorId", "Expected an exception with FullyQualifiedErrorId 'Vault' to be thrown, but the FullyQualifiedErrorId was 'Vault.Sealed'. from {file}:30 char:")]
    [InlineData("Failing Throw with another type", "Expected an exception with type [System.ArgumentException] to be thrown, but the exception type was [System.InvalidOperationException]. from {file}:33 char:")]
    [InlineData("Failing with Not Not Throw", "Expected no exception to be thrown, but an exception \"boom\" was thrown from {file}:60 char:")]
    public void ThrowFailuresSayWhereTheExceptionCameFrom(string expandedPath, string messageStart)
    {
        var test = _run.Test(expandedPath);
        Assert.Equal("Failed", test.Result);
        Assert.StartsWith(messageStart.Replace("{file}", SampleRuns.PathOf(Sample), StringComparison.Ordinal), test.ErrorMessage);
    }

    [Fact]
    public void NotExistNamesThePath()
    {
        var test = _run.Test("Failing with Not Not Exist");
        Assert.Equal($"Expected path '{SampleRuns.PathOf(Sample)}' to not exist, but it did exist.", test.ErrorMessage);
    }

    [Fact]
    public void LocationIsTheLineOfTheShould()
    {
        Assert.Equal(SampleRuns.PathOf(Sample) + ":3", _run.Test("Failing Be").ErrorLocation);
        Assert.Matches(new Regex(":35$"), _run.Test("Failing stops at the first failed Should").ErrorLocation);
    }
}
