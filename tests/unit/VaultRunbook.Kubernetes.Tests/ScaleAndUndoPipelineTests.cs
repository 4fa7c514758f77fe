using System.Collections;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Set-K8sDeploymentScale and Undo-K8sDeploymentRollout in hosted pipelines, read back by kubectl.</summary>
public sealed class ScaleAndUndoPipelineTests : KubePipelineTest
{
    public ScaleAndUndoPipelineTests()
    {
        Cluster.Server.AddDeployment("app", "api", replicas: 2, image: "registry.example.com/api:1.0.0");
    }

    private string Image() => Cluster.KubectlOk("get", "deployment", "api", "-n", "app", "-o", "jsonpath={.spec.template.spec.containers[0].image}");

    // Revision 2 runs image 2.0.0 and revision 3 image 3.0.0, each rolled out by kubectl.
    private void ThreeRevisions()
    {
        foreach (var version in new[] { "2.0.0", "3.0.0" })
        {
            Cluster.KubectlOk("set", "image", "deployment/api", "-n", "app", $"app=registry.example.com/api:{version}");
            Cluster.KubectlOk("rollout", "status", "deployment/api", "-n", "app", "--timeout=60s");
        }
    }

    [Fact]
    public void Scale_goes_through_the_scale_subresource_and_kubectl_reads_the_replicas_back()
    {
        var result = Run("'api' | Set-K8sDeploymentScale -KubeConfig $kubeconfig -Replicas 4 -Wait | ForEach-Object { '{0}->{1} {2}' -f $_.PreviousReplicas, $_.Replicas, $_.RolloutComplete }");

        Assert.Empty(result.Errors);
        Assert.Equal("2->4 True", Assert.Single(result.Output).ToString());
        Assert.Contains(Cluster.Server.Requests, r => r.StartsWith("PATCH /apis/apps/v1/namespaces/app/deployments/api/scale", StringComparison.Ordinal) && r.Contains("application/merge-patch+json", StringComparison.Ordinal));
        Assert.Equal("4 4", Cluster.KubectlOk("get", "deployment", "api", "-n", "app", "-o", "jsonpath={.spec.replicas} {.status.availableReplicas}"));
    }

    [Fact]
    public void Scale_of_a_missing_deployment_is_a_not_found_error_and_journaled()
    {
        var result = Run("Set-K8sDeploymentScale -KubeConfig $kubeconfig -Name ghost -Replicas 1; Get-VaultActionLog | ForEach-Object { '{0} {1} {2}' -f $_.Action, $_.Outcome, $_.ErrorId }");

        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.K8s.NotFound,VaultRunbook.Cmdlets.Kubernetes.SetK8sDeploymentScaleCommand", error.FullyQualifiedErrorId);
        Assert.Equal("K8sScale Failed VaultRunbook.K8s.NotFound", Assert.Single(result.Output).ToString());
    }

    [Fact]
    public void Undo_goes_back_to_the_previous_revision_as_kubectl_would()
    {
        ThreeRevisions();

        var result = Run("Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -Name api -Wait | ForEach-Object { '{0} {1} {2}' -f $_.PreviousRevision, $_.RolledBackTo, $_.Revision }");

        Assert.Empty(result.Errors);
        Assert.Equal("3 2 4", Assert.Single(result.Output).ToString());
        Assert.Equal("registry.example.com/api:2.0.0", Image());
        Assert.Contains("REVISION", Cluster.KubectlOk("rollout", "history", "deployment/api", "-n", "app"));
        Assert.Contains("skipped rollback (current template already matches revision 4)", Cluster.KubectlOk("rollout", "undo", "deployment/api", "-n", "app", "--to-revision=4"));
    }

    [Fact]
    public void Undo_to_a_given_revision_restores_that_template()
    {
        ThreeRevisions();

        var result = Run("'api' | Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -ToRevision 1 -Wait | ForEach-Object { '{0} {1}' -f $_.RolledBackTo, $_.RolloutComplete }");

        Assert.Empty(result.Errors);
        Assert.Equal("1 True", Assert.Single(result.Output).ToString());
        Assert.Equal("registry.example.com/api:1.0.0", Image());
    }

    [Fact]
    public void Undo_to_the_current_template_is_skipped_with_kubectls_words()
    {
        ThreeRevisions();

        var result = Run("Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -Name api -ToRevision 3 | ForEach-Object { '{0}|{1}' -f $_.Skipped, $_.Message }");
        var kubectl = Cluster.KubectlOk("rollout", "undo", "deployment/api", "-n", "app", "--to-revision=3");

        Assert.Empty(result.Errors);
        var line = Assert.Single(result.Output).ToString()!;
        Assert.StartsWith("True|", line, StringComparison.Ordinal);
        Assert.Contains(line.Split('|')[1], kubectl);
        Assert.Equal("registry.example.com/api:3.0.0", Image());
    }

    [Fact]
    public void Undo_refuses_a_paused_deployment_a_missing_revision_and_a_deployment_without_history()
    {
        ThreeRevisions();
        Cluster.Server.AddDeployment("app", "fresh");
        Cluster.KubectlOk("rollout", "pause", "deployment/api", "-n", "app");

        var paused = Run("Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -Name api");
        Cluster.KubectlOk("rollout", "resume", "deployment/api", "-n", "app");
        var missing = Run("Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -Name api -ToRevision 9");
        var fresh = Run("Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -Name fresh");

        Assert.Equal("VaultRunbook.K8s.DeploymentPaused", Assert.Single(paused.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.RevisionNotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.NoRolloutHistory", Assert.Single(fresh.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("registry.example.com/api:3.0.0", Image());
    }

    [Fact]
    public void A_failed_restart_is_rolled_back_through_the_pipeline()
    {
        Cluster.Server.FailRollouts("app", "api");

        var result = Run("""
            $failed = Restart-K8sDeployment -KubeConfig $kubeconfig -Name api -Wait -TimeoutSec 60 -ErrorAction SilentlyContinue | Where-Object { -not $_.RolloutComplete }
            $failed | Undo-K8sDeploymentRollout -KubeConfig $kubeconfig -Wait | ForEach-Object { '{0} {1}' -f $_.Action, $_.RolloutComplete }
            """);

        Assert.Equal("Undo True", Assert.Single(result.Output).ToString());
        Assert.Equal(0, Cluster.Kubectl("rollout", "status", "deployment/api", "-n", "app", "--timeout=10s").ExitCode);
    }
}
