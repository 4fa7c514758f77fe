using VaultRunbook.Kubernetes.Tests.Support;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>
/// Under the Host (a clean pwsh process, unlike this test process where the Engine is a direct reference),
/// KubernetesClient and the YamlDotNet it reads kubeconfigs with load in the module-private context only.
/// </summary>
public sealed class IsolationTests : IDisposable
{
    private readonly FakeCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    [Fact]
    public void KubernetesClient_and_YamlDotNet_load_in_the_module_private_context()
    {
        _cluster.Server.AddDeployment("app", "api", replicas: 1);
        var script = $$"""
            $health = Get-K8sWorkloadHealth -KubeConfig '{{_cluster.KubeConfig}}' -Namespace app
            'healthy=' + $health.Healthy
            $private = [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($health.GetType().Assembly)
            'alc=' + $private.Name
            'private=' + (($private.Assemblies | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -in 'KubernetesClient', 'YamlDotNet' } | Sort-Object) -join ',')
            'default=' + (([System.Runtime.Loader.AssemblyLoadContext]::Default.Assemblies | ForEach-Object { $_.GetName().Name } | Where-Object { $_ -in 'KubernetesClient', 'YamlDotNet', 'VaultRunbook.Engine' }) -join ',')
            """;

        var result = HostRunner.Run("-NonInteractive", "-Command", script);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        Assert.Contains("healthy=True", result.StdOut);
        Assert.Contains("alc=VaultRunbook", result.StdOut);
        Assert.Contains("private=KubernetesClient,YamlDotNet", result.StdOut);
        Assert.Contains("default=", result.StdOut.Split('\n').Select(l => l.TrimEnd('\r')));
    }
}
