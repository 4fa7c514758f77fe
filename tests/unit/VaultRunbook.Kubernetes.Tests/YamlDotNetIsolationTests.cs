using System.Security.Cryptography;
using VaultRunbook.Kubernetes.Tests.Support;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>
/// The dependency isolation the issue asks for: under the Host, with another YamlDotNet (16.3.0, downloaded by this
/// project's PackageDownload) already loaded in the default context, the module still imports, backs up a
/// namespace as YAML and checks its health on its own YamlDotNet (KubernetesClient's 18.x), in its private context.
/// </summary>
public sealed class YamlDotNetIsolationTests : IDisposable
{
    private readonly FakeCluster _cluster = new();

    public void Dispose() => _cluster.Dispose();

    private static string OtherYamlDotNet()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
            ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var path = Path.Combine(packages, "yamldotnet", "16.3.0", "lib", "net8.0", "YamlDotNet.dll");
        Assert.True(File.Exists(path), $"YamlDotNet 16.3.0 is not at {path} (the test project's PackageDownload puts it there on restore)");
        return path;
    }

    [Fact]
    public void The_module_works_while_another_YamlDotNet_is_loaded_in_the_session()
    {
        _cluster.Server.AddDeployment("app", "api", replicas: 1);
        _cluster.KubectlCreate("configmap", "settings", "-n", "app", "--from-literal=LOG_LEVEL=debug");
        _cluster.KubectlCreate("secret", "generic", "api-jwt", "-n", "app", "--from-literal=signing-key=" + TestValues.Random("jwt"));
        var key = Path.Combine(_cluster.Folder, "backup.key");
        File.WriteAllText(key, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var folder = Path.Combine(_cluster.Folder, "backup");
        var script = $$"""
            $ErrorActionPreference = 'Stop'
            $other = [System.Reflection.Assembly]::LoadFrom('{{OtherYamlDotNet()}}')
            $null = [YamlDotNet.Serialization.SerializerBuilder]::new().Build().Serialize(@{ loaded = 'first' })
            Import-Module VaultRunbook
            $backup = Backup-K8sNamespaceConfig -KubeConfig '{{_cluster.KubeConfig}}' -Namespace app -Path '{{folder}}' -IncludeSecrets -KeyFile '{{key}}'
            'backup=' + $backup.ConfigMaps + ' ' + $backup.Secrets
            $health = Get-K8sWorkloadHealth -KubeConfig '{{_cluster.KubeConfig}}' -Namespace app
            'healthy=' + $health.Healthy
            [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'YamlDotNet' } |
                ForEach-Object { 'yaml=' + $_.GetName().Version.Major + '@' + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name } | Sort-Object
            """;

        var result = HostRunner.Run("-NonInteractive", "-Command", script);

        Assert.True(result.ExitCode == 0, result.StdErr + result.StdOut);
        var lines = result.StdOut.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
        Assert.Contains("backup=1 1", lines);
        Assert.Contains("healthy=True", lines);
        Assert.Equal(["yaml=16@Default", "yaml=18@VaultRunbook"], lines.Where(l => l.StartsWith("yaml=", StringComparison.Ordinal)));
        Assert.Contains("LOG_LEVEL: debug", File.ReadAllText(Path.Combine(folder, "configmap-settings.yaml")));
    }
}
