using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Pipeline;

/// <summary>The child gets its secrets in its environment; the parent shows where they came from, never what they are.</summary>
public sealed class StartVaultEnvProcessTests : IDisposable
{
    private readonly ResolutionFixture _f = new();
    private readonly PowerShellSession _session = new();

    public void Dispose()
    {
        _session.Dispose();
        _f.Dispose();
    }

    private static string Sha256(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value))).ToLowerInvariant();

    // The child compares a hash of the variable with the expected hash: exit 0 when it sees the value, 3 when not.
    private string CheckChild(string name, string expected) =>
        $"-FilePath /bin/sh -ArgumentList '-c', 'test \"$(printf %s \"${name}\" | sha256sum | cut -d\" \" -f1)\" = \"$1\" || exit 3', 'sh', '{Sha256(expected)}'";

    [UnixFact]
    public void With_Wait_the_child_sees_the_Vault_value_and_its_exit_code_comes_back()
    {
        _f.SetRollout(SecretSourceMode.Vault);

        var sees = _session.Run($"Start-VaultEnvProcess {CheckChild(_f.Name, _f.VaultValue)} -Wait {_f.Common}; $LASTEXITCODE");
        var other = _session.Run($"Start-VaultEnvProcess {CheckChild(_f.OtherName, _f.OtherVaultValue)} -Wait {_f.Common}; $LASTEXITCODE");
        var wrong = _session.Run($"Start-VaultEnvProcess {CheckChild(_f.Name, _f.EnvValue)} -Wait {_f.Common}; $LASTEXITCODE");

        Assert.Empty(sees.Errors);
        Assert.Equal(0, sees.Output[0].Properties["ExitCode"].Value);
        Assert.Equal(0, sees.Output[1].BaseObject);
        Assert.Equal(0, other.Output[0].Properties["ExitCode"].Value);
        Assert.Equal(3, wrong.Output[0].Properties["ExitCode"].Value);
        Assert.Equal(3, wrong.Output[1].BaseObject);
        var secrets = (IEnumerable<object>)sees.Output[0].Properties["Secrets"].Value;
        Assert.Contains($"{_f.Name} from vault", secrets.Select(s => s.ToString()).ToArray());
    }

    [UnixFact]
    public void The_exit_code_is_in_LASTEXITCODE_and_in_the_result()
    {
        var result = _session.Run($"$r = Start-VaultEnvProcess /bin/sh '-c', 'exit 7' -Wait {_f.Common}; $r.ExitCode; $LASTEXITCODE; $r.GetType().Name");

        Assert.Empty(result.Errors);
        Assert.Equal(new object[] { 7, 7, "VaultEnvProcessResult" }, result.Output.Select(o => o.BaseObject));
    }

    [UnixFact]
    public void Without_Wait_it_outputs_the_process()
    {
        var result = _session.Run($"Start-VaultEnvProcess {CheckChild(_f.Name, _f.EnvValue)} {_f.Common}");

        Assert.Empty(result.Errors);
        var process = Assert.IsType<Process>(Assert.Single(result.Output).BaseObject);
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, process.ExitCode);
    }

    [UnixFact]
    public void Dual_mode_with_Vault_down_still_starts_the_child_with_env_values()
    {
        _f.SetRollout(SecretSourceMode.Dual, 100);
        _f.Peer.Down = true;

        var result = _session.Run($"Start-VaultEnvProcess {CheckChild(_f.Name, _f.EnvValue)} -Wait {_f.Common}");

        Assert.Empty(result.Errors);
        Assert.Equal(0, result.Output[0].Properties["ExitCode"].Value);
    }

    [UnixFact]
    public void A_secret_that_cannot_be_resolved_stops_it_before_the_child_starts()
    {
        _f.SetRollout(SecretSourceMode.Vault);
        _f.Peer.Down = true;
        var marker = _f.Directory.File("started");

        var result = _session.Run($"Start-VaultEnvProcess /bin/sh '-c', 'touch \"{marker}\"' -Wait {_f.Common} -TimeoutSec 5");

        var record = result.StoppingError();
        Assert.StartsWith("VaultRunbook.Resolution.VaultUnavailable,", record.FullyQualifiedErrorId);
        Assert.False(File.Exists(marker));
    }

    [UnixFact]
    public void WhatIf_shows_each_source_and_no_value_and_starts_nothing()
    {
        _f.SetRollout(SecretSourceMode.Vault, emergencyFallback: true);
        var marker = _f.Directory.File("started");

        var result = _session.Run($"Start-VaultEnvProcess /bin/sh '-c', 'touch \"{marker}\"' -Wait -WhatIf {_f.Common}");

        Assert.Empty(result.Errors);
        Assert.Empty(result.Output);
        Assert.False(File.Exists(marker));
        Assert.Contains("What if:", result.HostText);
        Assert.Contains($"{_f.Name} <- vault secret/app/hosted#token, env-fallback", result.HostText);
        Assert.Contains($"{_f.OtherName} <- vault secret/app/hosted#pg, env-fallback", result.HostText);
        Assert.Equal(0, _f.Peer.Reads);
        foreach (var secret in _f.Secrets)
        {
            Assert.DoesNotContain(secret, result.AllText());
        }

        _f.SetRollout(SecretSourceMode.Env);
        var env = _session.Run($"Start-VaultEnvProcess /bin/sh '-c', 'true' -WhatIf {_f.Common}");
        Assert.Contains($"{_f.Name} <- env", env.HostText);
        _f.SetRollout(SecretSourceMode.Dual, 25);
        var dual = _session.Run($"Start-VaultEnvProcess /bin/sh '-c', 'true' -WhatIf {_f.Common}");
        Assert.Contains($"{_f.Name} <- vault secret/app/hosted#token, env-fallback for 25% of accesses; env otherwise", dual.HostText);
    }

    [UnixFact]
    public void A_program_that_does_not_exist_is_StartFailed()
    {
        var result = _session.Run($"Start-VaultEnvProcess ./no-such-program-{Guid.NewGuid():N} {_f.Common}");

        var record = result.StoppingError();
        Assert.StartsWith("VaultRunbook.Resolution.StartFailed,", record.FullyQualifiedErrorId);
    }
}
