using System.Collections;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>The views of log lines, isolations and evidence fit 80 columns and show values, not type names.</summary>
public sealed class PodFormatViewTests : KubePipelineTest
{
    public PodFormatViewTests()
    {
        Cluster.Server.AddPod("app", "web-7c9d8", new Hashtable { ["app"] = "web" }, "app");
        Cluster.Server.AddService("app", "web");
        Cluster.Server.AddLogLines("app", "web-7c9d8", "app", ["authentication_failed user=bob"]);
    }

    private string Render(string pipeline)
    {
        var result = Session.Run($"{pipeline} | Out-String -Width 80", Cluster.Variables(new Hashtable { ["evidence"] = Path.Combine(Cluster.Folder, "evidence") }));
        Assert.Empty(result.Errors);
        var text = string.Concat(result.Output.Select(o => o.ToString()));
        Assert.All(text.Split('\n'), line => Assert.True(line.TrimEnd('\r').Length <= 80, $"wider than 80 columns: '{line}'"));
        Assert.DoesNotContain("System.Collections.Generic", text);
        Assert.DoesNotContain("VaultRunbook.Engine", text);
        return text;
    }

    [Fact]
    public void A_log_line_an_isolation_and_the_evidence_render_at_80_columns()
    {
        Assert.Matches(@"web-7c9d8\s+app\s+\d\d:\d\d:\d\d\.\d{3}\s+authentication_failed user=bob", Render("Get-K8sPodLog -KubeConfig $kubeconfig -Name web-7c9d8 -Timestamps"));
        var isolation = Render("Set-K8sPodIsolation -KubeConfig $kubeconfig -Name web-7c9d8 -Confirm:$false");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(isolation, @"web-7c9d8\s+Isolate\s+web\s+Created\s+app=web"), isolation);
        var evidence = Render("Save-K8sIncidentEvidence -KubeConfig $kubeconfig -Name web-7c9d8 -Path $evidence");
        Assert.Matches(@"Sha256\s+: [0-9a-f]{64}", evidence);
        Assert.Matches(@"Files\s+: 6", evidence);
        Assert.Matches(@"Pods\s+: web-7c9d8", evidence);
    }
}
