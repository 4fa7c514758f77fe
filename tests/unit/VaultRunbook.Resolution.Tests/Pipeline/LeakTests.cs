using VaultRunbook.Engine.Rollout;
using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Pipeline;

/// <summary>DESIGN rule 11: no resolved value reaches any stream, the host, an error or the statistics file.</summary>
public sealed class LeakTests : IDisposable
{
    private readonly ResolutionFixture _f = new();
    private readonly PowerShellSession _session = new();

    public void Dispose()
    {
        _session.Dispose();
        _f.Dispose();
    }

    [UnixFact]
    public void No_secret_appears_in_any_stream_or_in_the_statistics_file()
    {
        var steps = new List<ScriptResult>();
        foreach (var (mode, percent) in new[] { (SecretSourceMode.Env, 0), (SecretSourceMode.Vault, 0), (SecretSourceMode.Dual, 50), (SecretSourceMode.Shadow, 0) })
        {
            _f.SetRollout(mode, percent);
            steps.Add(_session.Run($"Get-RunbookSecret {_f.Name}, {_f.OtherName}, NOT_MAPPED_{Guid.NewGuid():N} {_f.Common} -Verbose -Debug", verboseAndDebug: true));
            steps.Add(_session.Run($"Start-VaultEnvProcess /bin/sh '-c', 'exit 0' -Wait {_f.Common} -Verbose -Debug", verboseAndDebug: true));
            steps.Add(_session.Run($"Start-VaultEnvProcess /bin/sh '-c', 'exit 0' -WhatIf {_f.Common} -Verbose", verboseAndDebug: true));
        }

        _f.Peer.Down = true;
        _f.SetRollout(SecretSourceMode.Dual, 100);
        steps.Add(_session.Run($"Clear-RunbookSecretCache -Verbose; Get-RunbookSecret {_f.Name} {_f.Common} -Verbose -Debug", verboseAndDebug: true)); // the session cache would serve it otherwise
        _f.SetRollout(SecretSourceMode.Vault);
        steps.Add(_session.Run($"Get-RunbookSecret {_f.Name} {_f.Common} -Verbose -Debug", verboseAndDebug: true));
        steps.Add(_session.Run($"Start-VaultEnvProcess /bin/sh '-c', 'exit 0' -Wait {_f.Common} -Verbose", verboseAndDebug: true));
        _f.Peer.Down = false;
        _f.Peer.Put("secret/app/hosted", ("token", _f.VaultValue)); // the other field is gone: FieldNotFound
        steps.Add(_session.Run($"Get-RunbookSecret {_f.OtherName} {_f.Common} -Verbose -Debug -NoCache", verboseAndDebug: true));
        steps.Add(_session.Run($"Get-SecretAccessStats -StatsPath '{_f.StatsPath}' -Verbose", verboseAndDebug: true));
        steps.Add(_session.Run($"Get-SecretAccessStats -StatsPath '{_f.StatsPath}' | ForEach-Object {{ \"$_\" }}"));

        var everything = string.Join("\n", steps.Select(s => s.AllText()));
        Assert.Contains("VaultRunbook.Resolution.NotMapped", everything);
        Assert.Contains("VaultRunbook.Resolution.VaultUnavailable", everything);
        Assert.Contains("VaultRunbook.Resolution.FieldNotFound", everything);
        Assert.Contains("What if:", everything);
        Assert.Contains("System.Security.SecureString", everything);
        var statsFile = File.ReadAllText(_f.StatsPath);
        foreach (var secret in _f.Secrets)
        {
            Assert.DoesNotContain(secret, everything);
            Assert.DoesNotContain(secret, statsFile);
        }
    }
}
