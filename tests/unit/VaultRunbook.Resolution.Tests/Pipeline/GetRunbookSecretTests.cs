using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Pipeline;

public sealed class GetRunbookSecretTests : IDisposable
{
    private readonly ResolutionFixture _f = new();
    private readonly PowerShellSession _session = new();

    public void Dispose()
    {
        _session.Dispose();
        _f.Dispose();
    }

    [Fact]
    public void It_returns_a_SecureString_from_the_source_the_rollout_names()
    {
        var fromEnv = _session.Run($"Get-RunbookSecret -Name {_f.Name} {_f.Common}");
        _f.SetRollout(SecretSourceMode.Vault);
        var fromVault = _session.Run($"Get-RunbookSecret {_f.Name}, {_f.OtherName} {_f.Common}");

        Assert.Empty(fromEnv.Errors);
        Assert.Equal(_f.EnvValue, ResolutionFixture.Plain(Assert.Single(fromEnv.Output).BaseObject));
        Assert.Empty(fromVault.Errors);
        Assert.Equal(new[] { _f.VaultValue, _f.OtherVaultValue }, fromVault.Output.Select(o => ResolutionFixture.Plain(o.BaseObject)));
        Assert.Equal(1, _f.Peer.Reads);
    }

    [Fact]
    public async Task It_reads_the_project_sandbox_with_the_root_token()
    {
        using var vault = SandboxVault.Start();
        await vault.PutAsync("app/hosted", ("token", _f.VaultValue), ("pg", _f.OtherVaultValue));
        _f.SetRollout(SecretSourceMode.Vault);
        var common = _f.Common.Replace(_f.Peer.Address, vault.Address).Replace("'hvs.test-token'", "[System.IO.File]::ReadAllText($tokenFile).Trim()");

        var result = _session.Run($"$tokenFile = '{vault.Server.RootTokenPath}'; Get-RunbookSecret {_f.Name} {common}");

        Assert.Empty(result.Errors);
        Assert.Equal(_f.VaultValue, ResolutionFixture.Plain(Assert.Single(result.Output).BaseObject));
        Assert.DoesNotContain(vault.RootToken, result.AllText());
    }

    [Fact]
    public void AsPlainText_returns_a_string()
    {
        _f.SetRollout(SecretSourceMode.Vault);

        var result = _session.Run($"'{_f.Name}' | Get-RunbookSecret -AsPlainText {_f.Common}");

        Assert.Empty(result.Errors);
        Assert.Equal(_f.VaultValue, Assert.IsType<string>(Assert.Single(result.Output).BaseObject));
    }

    [Fact]
    public void Dual_mode_with_Vault_down_answers_from_env_without_an_error()
    {
        _f.SetRollout(SecretSourceMode.Dual, 100);
        _f.Peer.Down = true;

        var result = _session.Run($"Get-RunbookSecret -Name {_f.Name} {_f.Common} -Verbose -TimeoutSec 5", verboseAndDebug: true);

        Assert.Empty(result.Errors);
        Assert.Equal(_f.EnvValue, ResolutionFixture.Plain(Assert.Single(result.Output).BaseObject));
        Assert.Contains(result.Verbose, v => v.Contains("env-fallback", StringComparison.Ordinal));
        var stats = _session.Run($"Get-SecretAccessStats -StatsPath '{_f.StatsPath}'");
        Assert.Equal(1L, stats.Output[0].Properties["EnvFallbacks"].Value);
        Assert.Equal(1L, stats.Output[0].Properties["Errors"].Value);
    }

    [Fact]
    public void A_secret_absent_from_Vault_is_a_SecretNotFound_error_record()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        _f.Peer.Secrets.Clear();

        var result = _session.Run($"Get-RunbookSecret -Name {_f.Name} {_f.Common}");

        Assert.Empty(result.Output);
        var error = Assert.Single(result.Errors);
        Assert.StartsWith("VaultRunbook.Resolution.SecretNotFound,", error.FullyQualifiedErrorId);
        Assert.Equal(System.Management.Automation.ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
        Assert.Equal(_f.Name, error.TargetObject);
    }

    [Fact]
    public void A_psd1_map_is_read_as_data()
    {
        var psd1 = _f.Directory.File("secrets.psd1");
        File.WriteAllText(psd1, $$"""
            # the runbook's secrets
            @{
                {{_f.Name}} = @{ Mount = 'secret'; Path = 'app/hosted'; Field = 'token' }
                '{{_f.OtherName}}' = 'secret/app/hosted#pg'
            }
            """);
        _f.SetRollout(SecretSourceMode.Vault);

        var result = _session.Run($"Get-RunbookSecret {_f.OtherName} {_f.Common.Replace(_f.MapPath, psd1)} -AsPlainText");

        Assert.Empty(result.Errors);
        Assert.Equal(_f.OtherVaultValue, Assert.Single(result.Output).BaseObject);
    }

    [Theory]
    [InlineData("@{ X = @{ Path = (Get-Date) } }", "only literal values")]
    [InlineData("@{ X = @{ Path = 'a' } }", "entry 'X'")]
    [InlineData("@{ X = ", "line")]
    [InlineData("'just a string'", "one hashtable literal")]
    public void A_bad_psd1_map_stops_the_cmdlet_with_InvalidSecretMap(string content, string problem)
    {
        var psd1 = _f.Directory.File("bad.psd1");
        File.WriteAllText(psd1, content);

        var result = _session.Run($"Get-RunbookSecret {_f.Name} {_f.Common.Replace(_f.MapPath, psd1)}");

        var record = result.StoppingError();
        Assert.StartsWith("VaultRunbook.Resolution.InvalidSecretMap,", record.FullyQualifiedErrorId);
        Assert.Contains(problem, record.Exception.Message);
    }

    [Fact]
    public void A_missing_explicit_map_is_SecretMapNotFound()
    {
        var result = _session.Run($"Get-RunbookSecret {_f.Name} {_f.Common.Replace(_f.MapPath, _f.Directory.File("none.json"))}");

        var record = result.StoppingError();
        Assert.StartsWith("VaultRunbook.Resolution.SecretMapNotFound,", record.FullyQualifiedErrorId);
    }

    [Fact]
    public void Each_call_adds_to_the_statistics_that_Get_SecretAccessStats_reads()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        for (var i = 0; i < 3; i++)
        {
            Assert.Empty(_session.Run($"Get-RunbookSecret {_f.Name}, {_f.OtherName} {_f.Common}").Errors);
        }

        var all = _session.Run($"Get-SecretAccessStats -StatsPath '{_f.StatsPath}'");
        var recent = _session.Run($"Get-SecretAccessStats 1h -StatsPath '{_f.StatsPath}'");
        var byTimeSpan = _session.Run($"Get-SecretAccessStats -Since ([TimeSpan]::FromMinutes(30)) -StatsPath '{_f.StatsPath}'");
        var byDate = _session.Run($"Get-SecretAccessStats -Since ([DateTime]::UtcNow.AddDays(-1)) -StatsPath '{_f.StatsPath}'");

        foreach (var result in new[] { all, recent, byTimeSpan, byDate })
        {
            Assert.Empty(result.Errors);
            var stats = Assert.Single(result.Output);
            Assert.Equal("VaultRunbook.Engine.Resolution.SecretAccessStats", stats.BaseObject.GetType().FullName);
            Assert.Equal(6L, stats.Properties["Requests"].Value);
            Assert.Equal(6L, stats.Properties["VaultHits"].Value);
            Assert.Equal(5L, stats.Properties["CacheHits"].Value); // one read for the session serves both fields in every call
            Assert.Equal(1.0, stats.Properties["VaultHitRate"].Value);
        }
    }
}
