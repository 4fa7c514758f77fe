using Xunit;

namespace VaultRunbook.Resolution.Tests.Pipeline;

/// <summary>The resolver cmdlets' file parameters from PowerShell (issue 16, items 6 and 10).</summary>
public sealed class ResolverFileInputTests : IDisposable
{
    private readonly ResolutionFixture _f = new();
    private readonly PowerShellSession _session = new();

    public void Dispose()
    {
        _session.Dispose();
        _f.Dispose();
    }

    private static string Id(System.Management.Automation.ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

    [Fact]
    public void A_garbage_statistics_file_is_set_aside_with_a_warning()
    {
        File.WriteAllText(_f.StatsPath, "garbage");

        var result = _session.Run($"Get-RunbookSecret -Name {_f.Name} {_f.Common} | Out-Null");

        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Contains(_f.StatsPath + ".corrupt", StringComparison.Ordinal));
        Assert.Equal("garbage", File.ReadAllText(_f.StatsPath + ".corrupt"));
    }

    [Fact]
    public void A_SecretMap_that_is_a_directory_or_missing_gives_two_different_errors()
    {
        var folder = Directory.CreateDirectory(_f.Directory.File("map-folder")).FullName;
        var common = _f.Common.Replace(_f.MapPath, folder);

        var directory = _session.Run($"Get-RunbookSecret -Name {_f.Name} {common}");
        var missing = _session.Run($"Get-RunbookSecret -Name {_f.Name} {_f.Common.Replace(_f.MapPath, _f.Directory.File("nope.json"))}");

        Assert.Equal("VaultRunbook.Resolution.SecretMapIsDirectory", Id(directory.StoppingError()));
        Assert.Equal("VaultRunbook.Resolution.SecretMapNotFound", Id(missing.StoppingError()));
        Assert.DoesNotContain(_f.EnvValue, directory.AllText() + missing.AllText());
    }

    [Fact]
    public void A_StatsPath_that_is_a_directory_is_a_warning_naming_it_and_the_secret_is_still_served()
    {
        var folder = Directory.CreateDirectory(_f.Directory.File("stats-folder")).FullName;

        var result = _session.Run($"Get-RunbookSecret -Name {_f.Name} {_f.Common.Replace(_f.StatsPath, folder)} | Out-Null");

        Assert.Empty(result.Errors);
        Assert.Contains(result.Warnings, w => w.Contains("is a directory", StringComparison.Ordinal) && w.Contains(folder, StringComparison.Ordinal));
        Assert.False(File.Exists(folder + ".lock"));
    }
}
