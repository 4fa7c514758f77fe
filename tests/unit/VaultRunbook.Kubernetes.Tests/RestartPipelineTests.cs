using System.Collections;
using System.Text.Json;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Restart-K8sDeployment in hosted pipelines, read back by kubectl.</summary>
public sealed class RestartPipelineTests : KubePipelineTest
{
    public RestartPipelineTests()
    {
        Cluster.Server.AddDeployment("app", "api", replicas: 2, templateAnnotations: new Dictionary<string, string> { ["prometheus.io/scrape"] = "true", ["vault.hashicorp.com/agent-inject"] = "true" });
        Cluster.Server.AddDeployment("app", "worker", replicas: 1);
    }

    private JsonElement TemplateAnnotations(string name) =>
        JsonDocument.Parse(Cluster.KubectlOk("get", "deployment", name, "-n", "app", "-o", "jsonpath={.spec.template.metadata.annotations}")).RootElement;

    [Fact]
    public void The_restart_keeps_the_template_annotations_already_there_and_kubectl_sees_the_rollout_done()
    {
        var result = Run("Restart-K8sDeployment -KubeConfig $kubeconfig -Namespace app -Name api -Wait");

        Assert.Empty(result.Errors);
        var change = Assert.Single(result.Output);
        Assert.Equal(true, change.Properties["RolloutComplete"].Value);
        Assert.Equal(2L, change.Properties["Revision"].Value);
        var annotations = TemplateAnnotations("api");
        Assert.Equal("true", annotations.GetProperty("prometheus.io/scrape").GetString());
        Assert.Equal("true", annotations.GetProperty("vault.hashicorp.com/agent-inject").GetString());
        Assert.Equal((string)change.Properties["RestartedAt"].Value, annotations.GetProperty("kubectl.kubernetes.io/restartedAt").GetString());
        Assert.Contains("successfully rolled out", Cluster.KubectlOk("rollout", "status", "deployment/api", "-n", "app", "--timeout=5s"));
        Assert.Contains(Cluster.Server.Requests, r => r == "PATCH /apis/apps/v1/namespaces/app/deployments/api?fieldManager=vaultrunbook application/strategic-merge-patch+json; charset=utf-8" || r.StartsWith("PATCH /apis/apps/v1/namespaces/app/deployments/api?fieldManager=vaultrunbook application/strategic-merge-patch+json", StringComparison.Ordinal));
        Assert.Contains(result.Progress, p => p.StatusDescription.Contains("successfully rolled out", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rotation_piped_in_restarts_each_named_deployment_once_after_it()
    {
        // What Invoke-SecretRotation writes: Mount, Path and a Vault Namespace that must not be taken for a Kubernetes one.
        var result = Run("""
            $rotation = [pscustomobject]@{ PSTypeName = 'VaultRunbook.Engine.Secrets.SecretRotation'; Mount = 'secret'; Path = 'app/database'; Namespace = 'vault-team'; NewVersion = 4 }
            $rotation, $rotation | Restart-K8sDeployment -KubeConfig $kubeconfig -Name api, worker -Wait | ForEach-Object { '{0}/{1} {2}' -f $_.Namespace, $_.Name, $_.RolloutComplete }
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(["app/api True", "app/worker True"], result.Output.Select(o => o.ToString()));
        Assert.Equal(2, Cluster.Server.Requests.Count(r => r.StartsWith("PATCH /apis/apps/v1/namespaces/app/deployments/", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_real_Invoke_SecretRotation_pipes_into_the_restart_of_the_deployments_that_read_the_secret()
    {
        var result = Run("""
            $sb = Start-VaultSandbox -Shares 1 -Threshold 1 -DataPath (Join-Path $folder 'vault')
            try {
                $sb | Invoke-VaultUnseal -KeyFile $sb.UnsealKeysPath | Out-Null
                $vault = @{ Address = $sb.Address; Token = (ConvertTo-SecureString ([IO.File]::ReadAllText($sb.RootTokenPath).Trim()) -AsPlainText -Force) }
                Set-VaultSecret @vault -Path secret/app/database -Data @{ pg_password = 'first' } -Confirm:$false | Out-Null
                Invoke-SecretRotation @vault -Path secret/app/database -Generate pg_password -Confirm:$false |
                    Restart-K8sDeployment -KubeConfig $kubeconfig -Namespace app -Name api, worker -Wait |
                    ForEach-Object { '{0} {1} {2}' -f $_.Name, $_.Action, $_.RolloutComplete }
            }
            finally { $sb | Stop-VaultSandbox }
            """, new Hashtable { ["folder"] = Cluster.Folder });

        Assert.Empty(result.Errors);
        Assert.Equal(["api Restart True", "worker Restart True"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Names_and_health_objects_bind_from_the_pipeline()
    {
        Cluster.Server.BreakPods("app", "worker");

        var byName = Run("'api' | Restart-K8sDeployment -KubeConfig $kubeconfig -Wait | ForEach-Object Name");
        var byHealth = Run("(Get-K8sWorkloadHealth -KubeConfig $kubeconfig).Deployments | Where-Object { -not $_.Healthy } | Restart-K8sDeployment -KubeConfig $kubeconfig -Wait | ForEach-Object { '{0} {1}' -f $_.Name, $_.RolloutComplete }");
        var after = Run("(Get-K8sWorkloadHealth -KubeConfig $kubeconfig).Healthy");

        Assert.Equal("api", Assert.Single(byName.Output).ToString());
        Assert.Equal("worker True", Assert.Single(byHealth.Output).ToString());
        Assert.Equal("True", Assert.Single(after.Output).ToString());
    }

    [Fact]
    public void A_paused_deployment_is_refused_and_left_unchanged()
    {
        Cluster.Server.AddDeployment("app", "frozen", paused: true);
        var before = Cluster.KubectlOk("get", "deployment", "frozen", "-n", "app", "-o", "jsonpath={.metadata.generation}");

        var result = Run("Restart-K8sDeployment -KubeConfig $kubeconfig -Name frozen, api | ForEach-Object Name");

        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.K8s.DeploymentPaused,VaultRunbook.Cmdlets.Kubernetes.RestartK8sDeploymentCommand", error.FullyQualifiedErrorId);
        Assert.Equal("api", Assert.Single(result.Output).ToString());
        Assert.Equal(before, Cluster.KubectlOk("get", "deployment", "frozen", "-n", "app", "-o", "jsonpath={.metadata.generation}"));
    }

    [Fact]
    public void WhatIf_changes_nothing()
    {
        var result = Run("Restart-K8sDeployment -KubeConfig $kubeconfig -Name api -WhatIf");

        Assert.Empty(result.Output);
        Assert.Contains("deployment app/api", result.HostText);
        Assert.DoesNotContain(Cluster.Server.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
    }

    [Fact]
    public void A_failed_rollout_is_an_error_and_the_output_says_it_did_not_complete()
    {
        Cluster.Server.FailRollouts("app", "api");

        var result = Run("Restart-K8sDeployment -KubeConfig $kubeconfig -Name api -Wait -TimeoutSec 60");

        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.K8s.RolloutFailed,VaultRunbook.Cmdlets.Kubernetes.RestartK8sDeploymentCommand", error.FullyQualifiedErrorId);
        Assert.Equal(false, Assert.Single(result.Output).Properties["RolloutComplete"].Value);
        Assert.Contains("exceeded its progress deadline", Cluster.Kubectl("rollout", "status", "deployment/api", "-n", "app", "--timeout=5s").StdErr);
    }

    [Fact]
    public void What_kubectl_rollout_restart_changed_the_cmdlets_report_the_same_way()
    {
        Cluster.KubectlOk("rollout", "restart", "deployment/api", "-n", "app");
        Cluster.KubectlOk("rollout", "status", "deployment/api", "-n", "app", "--timeout=60s");
        var kubectlRevision = Cluster.KubectlOk("get", "deployment", "api", "-n", "app", "-o", "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}");

        var result = Run("""
            (Get-K8sWorkloadHealth -KubeConfig $kubeconfig).Deployments | Where-Object Name -eq api | ForEach-Object { '{0} {1}' -f $_.Revision, $_.Healthy }
            Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -Name api -Wait | ForEach-Object { '{0} {1}' -f $_.RolledBackTo, $_.Revision }
            """);

        Assert.Empty(result.Errors);
        Assert.Equal([$"{kubectlRevision} True", "1 3"], result.Output.Select(o => o.ToString()));
        var annotations = TemplateAnnotations("api");
        Assert.False(annotations.TryGetProperty("kubectl.kubernetes.io/restartedAt", out _));
    }

    [Fact]
    public void Every_restart_is_journaled_with_its_outcome()
    {
        Cluster.Server.AddDeployment("app", "frozen", paused: true);

        Run("Restart-K8sDeployment -KubeConfig $kubeconfig -Name api, frozen -ErrorAction SilentlyContinue | Out-Null");
        var log = Run("Get-VaultActionLog | ForEach-Object { '{0} {1} {2}' -f $_.Action, $_.Subject, $_.Outcome }");

        Assert.Equal(["K8sRestart deployment app/api Restarted", "K8sRestart deployment app/frozen Failed"], log.Output.Select(o => o.ToString()));
        Assert.DoesNotContain(Cluster.Server.Token, File.ReadAllText(Cluster.Journal));
    }

    [Fact]
    public void A_statefulset_restarts_with_kind()
    {
        Cluster.Server.Update("Deployment", "app", "worker", _ => { }); // the cluster is up
        var statefulSet = new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "StatefulSet",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "db", ["namespace"] = "app" },
            ["spec"] = System.Text.Json.Nodes.JsonNode.Parse("""{"replicas":1,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},"updateStrategy":{"type":"RollingUpdate"},"template":{"metadata":{"labels":{"app":"db"}},"spec":{"containers":[{"name":"db","image":"postgres:16"}]}}}"""),
        };
        File.WriteAllText(Path.Combine(Cluster.Folder, "sts.json"), statefulSet.ToJsonString());
        Cluster.KubectlOk("create", "-f", Path.Combine(Cluster.Folder, "sts.json"), "--validate=false");

        var result = Run("Restart-K8sDeployment -KubeConfig $kubeconfig -Kind StatefulSet -Name db -Wait | ForEach-Object { '{0} {1}' -f $_.Kind, $_.RolloutComplete }");

        Assert.Empty(result.Errors);
        Assert.Equal("StatefulSet True", Assert.Single(result.Output).ToString());
        Assert.Contains("restartedAt", Cluster.KubectlOk("get", "statefulset", "db", "-n", "app", "-o", "jsonpath={.spec.template.metadata.annotations}"));
    }
}
