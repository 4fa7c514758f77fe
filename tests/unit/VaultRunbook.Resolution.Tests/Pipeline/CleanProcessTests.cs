using VaultRunbook.Resolution.Tests.Support;
using Xunit;

namespace VaultRunbook.Resolution.Tests.Pipeline;

/// <summary>
/// The data-plane cmdlets in a clean process (the VaultRunbook.Host, as in pwsh), where the Engine is not already
/// loaded: they import, run, and their Engine loads in the module-private context.
/// </summary>
public sealed class CleanProcessTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [UnixFact]
    public void The_cmdlets_run_under_the_host_with_the_engine_in_the_private_context()
    {
        var value = $"env-{Guid.NewGuid():N}";
        File.WriteAllText(_dir.File("map.json"), """{ "VRT_CLEAN": "secret/app/clean#token" }""");
        var common = $"-SecretMap '{_dir.File("map.json")}' -ConfigPath '{_dir.File("rollout.json")}' -StatsPath '{_dir.File("stats.json")}'";
        var script = $"""
            $s = Get-RunbookSecret VRT_CLEAN {common}
            'type=' + $s.GetType().Name
            $stats = Get-SecretAccessStats -StatsPath '{_dir.File("stats.json")}'
            'requests=' + $stats.Requests
            'alc=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($stats.GetType().Assembly).Name
            'default-has-engine=' + ([System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.Name -contains 'VaultRunbook.Engine')
            $null = Start-VaultEnvProcess /bin/sh '-c', 'test -n "$VRT_CLEAN" && exit 5' -Wait {common}
            'exit=' + $LASTEXITCODE
            """;

        var (exitCode, stdout, stderr) = HostProcess.Run(script, new Dictionary<string, string> { ["VRT_CLEAN"] = value });

        Assert.True(exitCode == 0, stderr + stdout);
        Assert.Contains("type=SecureString", stdout);
        Assert.Contains("requests=1", stdout);
        Assert.Contains("alc=VaultRunbook", stdout);
        Assert.Contains("default-has-engine=False", stdout);
        Assert.Contains("exit=5", stdout);
        Assert.DoesNotContain(value, stdout + stderr);
    }
}
