using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Pipeline;

/// <summary>In a clean process (the Host, as in pwsh) the module imports and its Engine loads in the module-private context.</summary>
public sealed class ModuleIsolationTests
{
    [Fact]
    public void The_engine_and_its_dependencies_load_in_the_private_context()
    {
        const string script = """
            $health = Get-VaultHealth -Address http://127.0.0.1:9
            $engine = $health.GetType().Assembly
            'alc=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name
            $polly = $engine.GetReferencedAssemblies() | Where-Object Name -eq 'Polly.Core'
            'polly=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(([System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine)).LoadFromAssemblyName($polly)).Name
            'default-has-engine=' + ([System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.Name -contains 'VaultRunbook.Engine')
            'status=' + $health.Status
            """;

        var result = HostRunner.Run("-NonInteractive", "-Command", script);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("alc=VaultRunbook", result.StdOut);
        Assert.Contains("polly=VaultRunbook", result.StdOut);
        Assert.Contains("default-has-engine=False", result.StdOut);
        Assert.Contains("status=Unreachable", result.StdOut);
    }

    [Fact]
    public void The_AWS_SDK_loads_in_the_private_context()
    {
        // Example credentials (AWS's documented ones) and a closed port: the KMS call fails fast, the SDK has loaded.
        const string script = """
            $env:AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'; $env:AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
            $diagnosis = Test-VaultAutoUnseal -KeyId alias/vault-unseal -SkipSealStatus -Region us-east-1 -EndpointUrl http://127.0.0.1:9
            $engine = $diagnosis.GetType().Assembly
            $context = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine)
            foreach ($name in 'AWSSDK.Core', 'AWSSDK.KeyManagementService') {
                $reference = $engine.GetReferencedAssemblies() | Where-Object Name -eq $name
                $name + '=' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($context.LoadFromAssemblyName($reference)).Name
            }
            'default-has-awssdk=' + ([System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies.Name -contains 'AWSSDK.Core')
            'verdict=' + $diagnosis.Verdict
            """;

        var result = HostRunner.Run("-NonInteractive", "-Command", script);

        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("AWSSDK.Core=VaultRunbook", result.StdOut);
        Assert.Contains("AWSSDK.KeyManagementService=VaultRunbook", result.StdOut);
        Assert.Contains("default-has-awssdk=False", result.StdOut);
        Assert.Contains("verdict=KmsUnreachable", result.StdOut);
    }
}
