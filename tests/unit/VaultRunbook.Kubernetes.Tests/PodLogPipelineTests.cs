using System.Collections;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Get-K8sPodLog in hosted pipelines against the fake's pods/log, with the real kubectl logs reading the same lines.</summary>
public sealed class PodLogPipelineTests : KubePipelineTest
{
    public PodLogPipelineTests()
    {
        Cluster.Server.AddPod("app", "web", new Hashtable { ["app"] = "web" }, "app", "proxy");
        Cluster.Server.AddLogLines("app", "web", "app", ["started", "login ok user=ann", "authentication_failed user=bob", "login ok user=cy", "authentication_failed user=dee"]);
        Cluster.Server.AddLogLines("app", "web", "proxy", ["GET /health 200", "authentication_failed upstream 401"]);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Selector_reads_every_container_each_line_tagged_and_Pattern_keeps_the_matching_lines()
    {
        var result = Run("Get-K8sPodLog -KubeConfig $kubeconfig -Selector app=web -Pattern authentication_failed | ForEach-Object { '{0}/{1}: {2}' -f $_.Pod, $_.Container, $_.Line }");

        Assert.Empty(result.Errors);
        Assert.Equal(["web/app: authentication_failed user=bob", "web/app: authentication_failed user=dee", "web/proxy: authentication_failed upstream 401"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void Tail_and_Container_give_the_lines_kubectl_logs_gives()
    {
        var result = Run("Get-K8sPodLog -KubeConfig $kubeconfig -Name web -Container app -Tail 3 | ForEach-Object Line");

        Assert.Empty(result.Errors);
        var kubectl = Lines(Cluster.KubectlOk("logs", "web", "-n", "app", "-c", "app", "--tail=3"));
        Assert.Equal(3, kubectl.Length);
        Assert.Equal(kubectl, result.Output.Select(o => o.ToString()));
        Assert.Contains(Cluster.Server.Requests, r => r.StartsWith("GET /api/v1/namespaces/app/pods/web/log?", StringComparison.Ordinal) && r.Contains("tailLines=3", StringComparison.Ordinal) && r.Contains("container=app", StringComparison.Ordinal));
    }

    [Fact]
    public void Previous_reads_the_instance_before_the_restart_as_kubectl_logs_previous_does()
    {
        Cluster.Server.AddLogLines("app", "web", "app", ["panic: nil map", "exit 2"], previous: true);

        var result = Run("Get-K8sPodLog -KubeConfig $kubeconfig -Name web -Container app -Previous | ForEach-Object { '{0} {1}' -f $_.Previous, $_.Line }");

        Assert.Empty(result.Errors);
        Assert.Equal(["True panic: nil map", "True exit 2"], result.Output.Select(o => o.ToString()));
        Assert.Equal(["panic: nil map", "exit 2"], Lines(Cluster.KubectlOk("logs", "web", "-n", "app", "-c", "app", "--previous")));
        Assert.Equal("1", Cluster.KubectlOk("get", "pod", "web", "-n", "app", "-o", "jsonpath={.status.containerStatuses[0].restartCount}"));
    }

    [Fact]
    public void Previous_without_a_container_reads_the_containers_that_restarted()
    {
        Cluster.Server.AddLogLines("app", "web", "proxy", ["proxy crashed"], previous: true);

        var result = Run("Get-K8sPodLog -KubeConfig $kubeconfig -Name web -Previous | ForEach-Object { '{0}: {1}' -f $_.Container, $_.Line }");

        Assert.Empty(result.Errors);
        Assert.Equal("proxy: proxy crashed", Assert.Single(result.Output).ToString());
    }

    [Fact]
    public void Previous_without_a_previous_instance_is_the_api_servers_400_with_its_own_id()
    {
        var result = Run("Get-K8sPodLog -KubeConfig $kubeconfig -Name web -Container proxy -Previous");

        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.K8s.NoPreviousContainer,VaultRunbook.Cmdlets.Kubernetes.GetK8sPodLogCommand", error.FullyQualifiedErrorId);
        Assert.Contains("previous terminated container \"proxy\" in pod \"web\" not found", error.Exception.Message);
        var kubectl = Cluster.Kubectl("logs", "web", "-n", "app", "-c", "proxy", "--previous");
        Assert.NotEqual(0, kubectl.ExitCode);
        Assert.Contains("previous terminated container \"proxy\" in pod \"web\" not found", kubectl.StdErr);
    }

    [Fact]
    public void A_missing_pod_and_a_missing_container_are_errors_and_the_other_pods_go_on()
    {
        var result = Run("'ghost', 'web' | Get-K8sPodLog -KubeConfig $kubeconfig -Tail 1 | ForEach-Object Line; Get-K8sPodLog -KubeConfig $kubeconfig -Name web -Container nope");

        Assert.Equal(["VaultRunbook.K8s.NotFound", "VaultRunbook.K8s.ContainerNotFound"], result.Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0]));
        Assert.Equal(["authentication_failed user=dee", "authentication_failed upstream 401"], result.Output.Select(o => o.ToString()));
    }

    [Fact]
    public void The_fake_refuses_a_log_of_a_pod_with_two_containers_when_no_container_is_named()
    {
        var raw = Cluster.Kubectl("get", "--raw", "/api/v1/namespaces/app/pods/web/log");

        Assert.NotEqual(0, raw.ExitCode);
        Assert.Contains("a container name must be specified for pod web, choose one of: [app proxy]", raw.StdErr);
    }

    [Fact]
    public void Since_keeps_the_recent_lines_and_Timestamps_gives_each_lines_time()
    {
        Cluster.Server.AddPod("app", "old", new Hashtable { ["app"] = "old" }, "app");
        Cluster.Server.AddLogLines("app", "old", "app", ["two hours ago"], at: DateTimeOffset.UtcNow.AddHours(-2));
        Cluster.Server.AddLogLines("app", "old", "app", ["just now"]);

        var result = Run("Get-K8sPodLog -KubeConfig $kubeconfig -Name old -Since (New-TimeSpan -Hours 1) -Timestamps | ForEach-Object { '{0} {1}' -f ([datetimeoffset]::UtcNow - $_.Timestamp).TotalMinutes.ToString('0'), $_.Line }");

        Assert.Empty(result.Errors);
        Assert.Equal("0 just now", Assert.Single(result.Output).ToString());
        Assert.Equal(["just now"], Lines(Cluster.KubectlOk("logs", "old", "-n", "app", "--since=1h")));
        Assert.Contains(Cluster.Server.Requests, r => r.Contains("sinceSeconds=3600", StringComparison.Ordinal) && r.Contains("timestamps=true", StringComparison.Ordinal));
    }

    [Fact]
    public void An_invalid_pattern_stops_before_anything_is_read()
    {
        var before = Cluster.Server.Requests.Count;

        var result = Run("Get-K8sPodLog -KubeConfig $kubeconfig -Name web -Pattern '(unclosed'");

        Assert.Equal("VaultRunbook.K8s.InvalidPattern,VaultRunbook.Cmdlets.Kubernetes.GetK8sPodLogCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.DoesNotContain(Cluster.Server.Requests.Skip(before), r => r.Contains("/log", StringComparison.Ordinal));
    }
}
