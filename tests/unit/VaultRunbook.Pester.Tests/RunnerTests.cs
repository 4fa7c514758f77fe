using Xunit;

namespace VaultRunbook.Pester.Tests;

/// <summary>The runner itself: a file with a failing test, a failing BeforeAll or no test at all never counts as passed.</summary>
public sealed class RunnerTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("vaultrunbook-pester-runner-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_failed_test_is_reported_with_its_name_and_message()
    {
        var run = RunFile("Describe 'd' { It 'passes' { 1 | Should -Be 1 }; It 'fails' { 1 | Should -Be 2 } }");

        Assert.Equal(["Passed", "Failed"], run.Tests.Select(t => t.Result));
        var problem = Assert.Single(run.Problems);
        Assert.StartsWith("Failed: d.fails -- Expected 2, but got 1.", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_BeforeAll_fails_the_file()
    {
        var run = RunFile("Describe 'd' { BeforeAll { throw 'setup broke' }; It 'never runs' { 1 | Should -Be 1 } }");

        Assert.NotEmpty(run.Problems);
        Assert.Contains(run.Problems, p => p.Contains("setup broke", StringComparison.Ordinal));
    }

    [Fact]
    public void A_skipped_test_and_a_file_with_no_test_fail()
    {
        Assert.Contains(RunFile("Describe 'd' { It 's' -Skip { 1 | Should -Be 1 } }").Problems, p => p.StartsWith("Skipped: d.s", StringComparison.Ordinal));
        Assert.Contains("the file ran no test", RunFile("Describe 'd' { }").Problems);
    }

    [Fact]
    public void A_passing_file_runs_under_Pester_5_9_1_with_the_module_built_beside_the_tests()
    {
        var run = RunFile("""
            Describe 'd' {
                It 'sees the module' { Import-Module $env:VAULT_RUNBOOK_MODULE; (Get-Command Get-VaultHealth).Source | Should -Be 'VaultRunbook' }
                It 'has Mock' { Mock Get-Date { 'mocked' }; Get-Date | Should -Be 'mocked'; Should -Invoke Get-Date -Times 1 -Exactly }
            }
            """);

        Assert.Empty(run.Problems);
        Assert.Equal(2, run.Tests.Count);
        Assert.Equal("5.9.1", run.PesterVersion);
    }

    private PesterRun RunFile(string text)
    {
        var path = Path.Combine(_folder, $"Sample{Guid.NewGuid():N}.Tests.ps1");
        File.WriteAllText(path, text);
        return PesterRun.Invoke(path, TimeSpan.FromMinutes(2));
    }
}
