using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>
/// Bad rollout input from PowerShell: a state file that breaks the rules or has an unknown field, a path that is a
/// directory, and -Debug in a session that cannot prompt (issue 16, items 5, 6 and 10).
/// </summary>
public sealed class RolloutInputTests : IDisposable
{
    private readonly PowerShellSession _session = new();
    private readonly string _dir = Directory.CreateTempSubdirectory("vr-rollout-input-").FullName;

    private string ConfigPath => Path.Combine(_dir, "rollout.json");

    public void Dispose()
    {
        _session.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private static string Id(System.Management.Automation.ErrorRecord error) => error.FullyQualifiedErrorId.Split(',')[0];

    [Fact]
    public void A_stored_percentage_out_of_range_is_InvalidState_not_reported_as_the_canary()
    {
        File.WriteAllText(ConfigPath, "{\"mode\": \"dual\", \"canary_percent\": 250}");

        var result = _session.Run($"Get-VaultRollout -ConfigPath '{ConfigPath}'");

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.Rollout.InvalidState", Id(error));
        Assert.Contains("canary_percent", error.Exception.Message);
        Assert.Equal(ConfigPath, error.TargetObject);
    }

    [Fact]
    public void A_null_history_is_InvalidState_for_Set_VaultCanary_not_an_ArgumentNullException()
    {
        File.WriteAllText(ConfigPath, "{\"mode\": \"dual\", \"canary_percent\": 10, \"history\": null}");

        var result = _session.Run($"Set-VaultCanary -Percent 25 -ConfigPath '{ConfigPath}'");

        Assert.Equal("VaultRunbook.Rollout.InvalidState", Id(Assert.Single(result.Errors)));
        Assert.Contains("history", result.Errors[0].Exception.Message);
    }

    [Fact]
    public void A_misspelt_field_is_a_warning()
    {
        File.WriteAllText(ConfigPath, "{\"mode\": \"dual\", \"canary_percent\": 10, \"canary_pecent\": 50}");

        var result = _session.Run($"Get-VaultRollout -ConfigPath '{ConfigPath}'");

        Assert.Empty(result.Errors);
        Assert.Equal(10, result.Property(0, "CanaryPercent"));
        Assert.Contains(result.Warnings, w => w.Contains("'canary_pecent'") && w.Contains(ConfigPath));
    }

    [Fact]
    public void A_ConfigPath_that_is_a_directory_is_a_clear_error_and_leaves_no_lock_file()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "state")).FullName;

        var get = _session.Run($"Get-VaultRollout -ConfigPath '{folder}'");
        var set = _session.Run($"Set-VaultCanary -Percent 10 -ConfigPath '{folder}'");

        Assert.Empty(get.Output);
        Assert.Equal("VaultRunbook.Rollout.StateFileIsDirectory", Id(Assert.Single(get.Errors)));
        Assert.Equal("VaultRunbook.Rollout.StateFileIsDirectory", Id(Assert.Single(set.Errors)));
        Assert.False(File.Exists(folder + ".lock"));
    }

    [Fact]
    public void A_StatsPath_that_is_a_directory_is_a_clear_error()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "stats")).FullName;

        var result = _session.Run($"Test-VaultRolloutReadiness -ConfigPath '{ConfigPath}' -StatsPath '{folder}'");

        Assert.Empty(result.Output);
        Assert.Equal("VaultRunbook.Resolution.StatsFileIsDirectory", Id(Assert.Single(result.Errors)));
    }

    [Fact]
    public void Step_with_Force_and_Debug_steps_without_prompting_in_a_session_that_cannot_prompt()
    {
        _session.Run($"Set-VaultCanary -Percent 10 -Mode Dual -ConfigPath '{ConfigPath}' -Reason start");

        var result = _session.Run($"Step-VaultCanary -Force -Debug -ConfigPath '{ConfigPath}' -StatsPath '{Path.Combine(_dir, "none.json")}' -PassThru");

        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        Assert.Equal(25, result.Property(0, "CanaryPercent"));
        Assert.Contains(result.Debug, d => d.StartsWith("WARNING: Stepping although readiness failed", StringComparison.Ordinal));
        Assert.Contains(result.Debug, d => d.Contains("NotEnoughData", StringComparison.Ordinal) || d.Contains("not enough data", StringComparison.Ordinal));
    }
}
