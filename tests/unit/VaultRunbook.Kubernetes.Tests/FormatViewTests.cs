using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>The Kubernetes views fit 80 columns and show values, not type names.</summary>
public sealed class FormatViewTests : KubePipelineTest
{
    public FormatViewTests()
    {
        Cluster.Server.AddDeployment("app", "api", replicas: 2);
        Cluster.Server.AddDeployment("app", "worker", replicas: 1);
        Cluster.Server.AddService("app", "api");
        Cluster.Server.AddIngress("app", "public", "api.example.com", "api");
        Cluster.Server.AddHorizontalPodAutoscaler("app", "api", "api", 2, 4, 4, 6);
        Cluster.Server.BreakPods("app", "worker");
    }

    private string Render(string pipeline)
    {
        var result = Session.Run($"{pipeline} | Out-String -Width 80", Cluster.Variables());
        Assert.Empty(result.Errors);
        var text = string.Concat(result.Output.Select(o => o.ToString()));
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"wider than 80 columns: '{line}'"));
        Assert.DoesNotContain("System.Collections.Generic", text);
        return text;
    }

    [Fact]
    public void The_report_and_its_parts_render_at_80_columns()
    {
        Session.Run("$global:h = Get-K8sWorkloadHealth -KubeConfig $kubeconfig", Cluster.Variables());

        Assert.Contains("1/2", Render("$h"));
        Assert.Contains("0/1", Render("$h.Deployments"));
        Assert.Contains("CrashLoopBackOff", Render("$h.Pods"));
        Assert.Contains("api.example.com", Render("$h.Ingresses"));
        Assert.Contains("Deployment/api", Render("$h.Autoscalers"));
        Assert.Contains("BackOff", Render("$h.Events"));
        Assert.Contains("ClusterIP", Render("$h.Services"));
    }

    [Fact]
    public void A_change_renders_its_action_and_rollout()
    {
        var text = Render("Restart-K8sDeployment -KubeConfig $kubeconfig -Name worker -Wait");

        Assert.Contains("Restart", text);
        Assert.Matches(@"worker\s+Restart\s+2\s+True", text);
    }
}
