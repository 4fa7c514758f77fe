using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>The views of the backup, restore, rotation and canary outputs fit 80 columns and show values.</summary>
public sealed class ConfigFormatViewTests : KubePipelineTest
{
    public ConfigFormatViewTests()
    {
        Cluster.Server.AddDeployment("app", "api", replicas: 1);
        Cluster.KubectlCreate("configmap", "settings", "-n", "app", "--from-literal=LOG_LEVEL=debug");
        Cluster.KubectlCreate("secret", "generic", "api-jwt", "-n", "app", "--from-literal=signing-key=old-value-0123456789");
        Cluster.KubectlOk("patch", "deployment", "api", "-n", "app", "--type=json", "-p",
            """[{ "op": "add", "path": "/spec/template/spec/containers/0/envFrom", "value": [ { "secretRef": { "name": "api-jwt" } } ] }]""");
        Cluster.KubectlCreateFrom(CanaryWeightPipelineTests.VirtualService("api", "networking.istio.io/v1", ("stable", 90), ("canary", 10)));
    }

    private string Render(string pipeline)
    {
        var result = Session.Run($"{pipeline} | Out-String -Width 80", Cluster.Variables(new System.Collections.Hashtable { ["folder"] = Path.Combine(Cluster.Folder, "backup") }));
        Assert.True(result.Errors.Count == 0, result.Describe());
        var text = string.Concat(result.Output.Select(o => o.ToString()));
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"wider than 80 columns: '{line}'"));
        Assert.DoesNotContain("System.", text);
        Assert.DoesNotContain("VaultRunbook.Engine", text);
        return text;
    }

    [Fact]
    public void Backup_restore_rotation_and_canary_render_at_80_columns()
    {
        Assert.Matches(@"app\s+1\s+0\s+2", Render("Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder"));
        Assert.Matches(@"app\s+ConfigMap\s+settings\s+Unchanged", Render("Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Path $folder -Confirm:$false"));
        Assert.Matches(@"app\s+api\s+api-jwt\s+api-jwt-\d{14}\s+signing-key", Render("Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Deployment api -SecretName api-jwt -Confirm:$false"));
        Assert.Matches(@"app\s+api\s+90 -> 50\s+10 -> 50\s+1\s+True", Render("Set-K8sCanaryWeight -KubeConfig $kubeconfig -Name api -CanaryPercent 50"));
    }
}
