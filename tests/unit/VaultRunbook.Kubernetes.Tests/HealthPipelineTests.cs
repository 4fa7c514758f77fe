using System.Collections;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Get-K8sWorkloadHealth in hosted pipelines against the fake cluster.</summary>
public sealed class HealthPipelineTests : KubePipelineTest
{
    public HealthPipelineTests()
    {
        Cluster.Server.AddDeployment("app", "api", replicas: 2);
        Cluster.Server.AddDeployment("app", "worker", replicas: 1);
        Cluster.Server.AddService("app", "api");
        Cluster.Server.AddService("app", "worker");
        Cluster.Server.AddIngress("app", "web", "api.example.com", "api");
        Cluster.Server.AddHorizontalPodAutoscaler("app", "api", "api", 2, 5, 2, 2);
    }

    [Fact]
    public void A_healthy_namespace_is_healthy_with_every_part_counted()
    {
        var result = Run("Get-K8sWorkloadHealth -Namespace app -KubeConfig $kubeconfig");

        Assert.Empty(result.Errors);
        var health = Assert.Single(result.Output);
        Assert.True((bool)health.Properties["Healthy"].Value);
        Assert.Empty((IEnumerable)health.Properties["Problems"].Value);
        var deployments = ((IEnumerable)health.Properties["Deployments"].Value).Cast<object>().Select(d => (dynamic)d).ToList();
        Assert.Equal(["api", "worker"], deployments.Select(d => (string)d.Name));
        Assert.Equal(2, (int)deployments[0].Available);
        Assert.Equal(3, ((IEnumerable)health.Properties["Pods"].Value).Cast<object>().Count());
        Assert.Single((IEnumerable)health.Properties["Ingresses"].Value);
        Assert.Single((IEnumerable)health.Properties["Autoscalers"].Value);
    }

    [Fact]
    public void A_crash_looping_deployment_shows_its_oom_killed_pods_and_the_service_without_endpoints()
    {
        Cluster.Server.BreakPods("app", "worker", restarts: 9);

        var result = Run("""
            $h = Get-K8sWorkloadHealth -KubeConfig $kubeconfig
            $h.Healthy
            $h.Pods | Where-Object CrashLoopBackOff | ForEach-Object { '{0} {1} {2} {3}' -f $_.Name.Split('-')[0], $_.Restarts, $_.OomKilled, $_.Node }
            $h.Services | Where-Object { -not $_.HasEndpoints } | ForEach-Object Name
            $h.Deployments | Where-Object { -not $_.Healthy } | ForEach-Object { '{0} {1}' -f $_.Name, $_.Reason }
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(["False", "worker 9 True fake-node-1", "worker", "worker 0/1 available"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Events_of_the_window_come_sorted_by_time_and_older_ones_are_left_out()
    {
        var now = DateTimeOffset.UtcNow;
        Cluster.Server.AddEvent("app", "Pod", "api-x", "Warning", "Unhealthy", "Readiness probe failed", now.AddMinutes(-30));
        Cluster.Server.AddEvent("app", "Pod", "api-y", "Warning", "BackOff", "Back-off restarting", now.AddMinutes(-90));
        Cluster.Server.AddEvent("app", "Pod", "api-z", "Normal", "Pulled", "old news", now.AddHours(-5));

        var result = Run("(Get-K8sWorkloadHealth -KubeConfig $kubeconfig -EventHours 2).Events | Where-Object Object -like 'Pod/*' | ForEach-Object Reason");

        Assert.Equal(["BackOff", "Unhealthy"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Assert_fails_the_script_naming_the_problem_and_passes_a_healthy_namespace()
    {
        var healthy = Run("Get-K8sWorkloadHealth -KubeConfig $kubeconfig -Assert | Out-Null; 'went on'");
        Cluster.Server.BreakPods("app", "api");
        var broken = Run("Get-K8sWorkloadHealth -KubeConfig $kubeconfig -Assert | Out-Null; 'went on'");

        Assert.Equal("went on", Assert.Single(healthy.Output).ToString());
        Assert.DoesNotContain(broken.Output, o => o.ToString() == "went on");
        var error = broken.StoppingError();
        Assert.Equal("VaultRunbook.K8s.Unhealthy", error.FullyQualifiedErrorId);
        Assert.Contains("deployment api: 0/2 available", error.Exception.Message);
        Assert.Contains("service api has no ready endpoints", error.Exception.Message);
    }

    [Fact]
    public void What_kubectl_sees_the_cmdlet_reports_the_same_way()
    {
        Cluster.Server.BreakPods("app", "worker", restarts: 4);
        var kubectl = System.Text.Json.JsonDocument.Parse(Cluster.KubectlOk("get", "pods", "-n", "app", "-o", "json")).RootElement.GetProperty("items")
            .EnumerateArray()
            .Select(p => $"{p.GetProperty("metadata").GetProperty("name").GetString()} {p.GetProperty("status").GetProperty("containerStatuses")[0].GetProperty("restartCount").GetInt32()}")
            .OrderBy(s => s, StringComparer.Ordinal);

        var result = Run("(Get-K8sWorkloadHealth -KubeConfig $kubeconfig).Pods | ForEach-Object { '{0} {1}' -f $_.Name, $_.Restarts }");

        Assert.Equal(kubectl, result.Output.Select(o => o.ToString()).OrderBy(s => s, StringComparer.Ordinal));
    }

    [Fact]
    public void An_unknown_namespace_is_an_error_not_an_empty_healthy_report()
    {
        var result = Run("Get-K8sWorkloadHealth -KubeConfig $kubeconfig -Namespace ap -Assert");

        Assert.Empty(result.Output);
        Assert.Equal("VaultRunbook.K8s.NotFound,VaultRunbook.Cmdlets.Kubernetes.GetK8sWorkloadHealthCommand", result.Errors[0].FullyQualifiedErrorId);
        Assert.Equal("VaultRunbook.K8s.Unhealthy", result.StoppingError().FullyQualifiedErrorId);
    }

    [Fact]
    public void A_wrong_token_is_an_error_without_the_token()
    {
        var path = Path.Combine(Cluster.Folder, "bad-token");
        File.WriteAllText(path, File.ReadAllText(Cluster.KubeConfig).Replace(Cluster.Server.Token, "not-the-token-4242", StringComparison.Ordinal));

        var result = Run("Get-K8sWorkloadHealth -KubeConfig $bad -Namespace app", new Hashtable { ["bad"] = path });

        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.K8s.Unauthorized,VaultRunbook.Cmdlets.Kubernetes.GetK8sWorkloadHealthCommand", error.FullyQualifiedErrorId);
        Assert.DoesNotContain("not-the-token-4242", error.ToString() + error.Exception + error.TargetObject);
    }
}
