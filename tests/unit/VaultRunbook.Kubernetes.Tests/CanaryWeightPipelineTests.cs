using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Set-K8sCanaryWeight against an Istio VirtualService that kubectl creates and reads back.</summary>
public sealed class CanaryWeightPipelineTests : KubePipelineTest
{
    public CanaryWeightPipelineTests()
    {
        Cluster.Server.AddNamespace("app");
        Cluster.KubectlCreateFrom(VirtualService("api", "networking.istio.io/v1beta1", ("stable", 90), ("canary", 10)));
    }

    internal static string VirtualService(string name, string apiVersion, params (string Subset, int Weight)[] routes) => $$"""
        apiVersion: {{apiVersion}}
        kind: VirtualService
        metadata:
          name: {{name}}
          namespace: app
        spec:
          hosts:
          - {{name}}.app.svc.cluster.local
          http:
          - name: primary
            route:
        {{string.Join("\n", routes.Select(r => $"    - destination:\n        host: {name}.app.svc.cluster.local\n        subset: {r.Subset}\n      weight: {r.Weight}"))}}
        """;

    private string Weights(string name = "api") =>
        Cluster.KubectlOk("get", "virtualservice", name, "-n", "app", "-o", "jsonpath={range .spec.http[0].route[*]}{.destination.subset}={.weight} {end}").Trim();

    [Fact]
    public void The_canary_step_from_10_to_50_is_read_back_by_kubectl_and_journaled()
    {
        var result = Run("""
            Set-K8sCanaryWeight -KubeConfig $kubeconfig -Namespace app -Name api -CanaryPercent 50 |
                ForEach-Object { '{0} {1}/{2} <- {3}/{4} {5}' -f $_.Name, $_.StableWeight, $_.CanaryWeight, $_.PreviousStable, $_.PreviousCanary, $_.ApiVersion }
            Get-VaultActionLog -Action K8sCanaryWeight | ForEach-Object { '{0}|{1}' -f $_.Outcome, $_.Message }
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal("api 50/50 <- 90/10 networking.istio.io/v1", result.Output[0].ToString());
        Assert.Equal("WeightsSet|stable 90 -> 50, canary 10 -> 50", result.Output[1].ToString());
        Assert.Equal("stable=50 canary=50", Weights());
        Assert.Contains(Cluster.Server.Requests, r => r.StartsWith("PATCH /apis/networking.istio.io/v1/namespaces/app/virtualservices/api", StringComparison.Ordinal) && r.Contains("application/json-patch+json", StringComparison.Ordinal));
    }

    [Fact]
    public void WhatIf_shows_the_weights_from_and_to_and_changes_nothing()
    {
        var result = Run("Set-K8sCanaryWeight -KubeConfig $kubeconfig -Namespace app -Name api -CanaryPercent 50 -WhatIf");

        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Empty(result.Output);
        Assert.Contains("stable 90 -> 50, canary 10 -> 50", result.HostText);
        Assert.Equal("stable=90 canary=10", Weights());
        Assert.DoesNotContain(Cluster.Server.Requests, r => r.StartsWith("PATCH", StringComparison.Ordinal));
    }

    [Fact]
    public void Routes_without_exactly_the_stable_and_canary_destinations_are_refused()
    {
        Cluster.KubectlCreateFrom(VirtualService("three", "networking.istio.io/v1", ("stable", 80), ("canary", 10), ("shadow", 10)));
        Cluster.KubectlCreateFrom(VirtualService("other", "networking.istio.io/v1", ("blue", 50), ("green", 50)));

        var three = Run("Set-K8sCanaryWeight -KubeConfig $kubeconfig -Namespace app -Name three -CanaryPercent 50");
        var other = Run("Set-K8sCanaryWeight -KubeConfig $kubeconfig -Namespace app -Name other -CanaryPercent 50");
        var custom = Run("Set-K8sCanaryWeight -KubeConfig $kubeconfig -Namespace app -Name other -StableSubset blue -CanarySubset green -CanaryPercent 20 | ForEach-Object { '{0}/{1}' -f $_.StableWeight, $_.CanaryWeight }");
        var missing = Run("Set-K8sCanaryWeight -KubeConfig $kubeconfig -Namespace app -Name ghost -CanaryPercent 50");

        Assert.Equal("VaultRunbook.K8s.CanaryRoutesMismatch", Assert.Single(three.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.CanaryRoutesMismatch", Assert.Single(other.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.NotFound", Assert.Single(missing.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("stable=80 canary=10 shadow=10", Weights("three"));
        Assert.True(custom.Errors.Count == 0, custom.Describe());
        Assert.Equal("80/20", Assert.Single(custom.Output).ToString());
        Assert.Equal("blue=80 green=20", Weights("other"));
    }

    [Fact]
    public void The_fake_serves_virtualservices_as_a_crd_to_kubectl()
    {
        // Discovery lists the group with both versions; a strategic merge patch is refused with 415, as for any CRD.
        Assert.Contains("virtualservices", Cluster.KubectlOk("api-resources", "--api-group=networking.istio.io"));
        Assert.Contains("networking.istio.io/v1beta1", Cluster.KubectlOk("api-versions"));
        var strategic = Cluster.Kubectl("patch", "virtualservice", "api", "-n", "app", "--type=strategic", "-p", "{\"spec\":{\"hosts\":[\"x\"]}}");
        Assert.NotEqual(0, strategic.ExitCode);
        Assert.Contains("the body of the request was in an unknown format", strategic.StdErr);
        Assert.Contains(Cluster.Server.Requests, r => r.StartsWith("PATCH /apis/networking.istio.io/v1/namespaces/app/virtualservices/api", StringComparison.Ordinal) && r.Contains("strategic-merge-patch", StringComparison.Ordinal));
        Cluster.KubectlOk("patch", "virtualservice", "api", "-n", "app", "--type=merge", "-p", "{\"metadata\":{\"labels\":{\"team\":\"payments\"}}}");
        Assert.Equal("payments", Cluster.KubectlOk("get", "virtualservices.v1beta1.networking.istio.io", "api", "-n", "app", "-o", "jsonpath={.metadata.labels.team}"));
    }
}
