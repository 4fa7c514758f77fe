using System.Text.Json;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Set-K8sPodIsolation and its -Undo in hosted pipelines; kubectl reads the endpoints, labels and network policy.</summary>
public sealed class PodIsolationPipelineTests : KubePipelineTest
{
    private readonly string[] _pods;

    public PodIsolationPipelineTests()
    {
        Cluster.Server.AddDeployment("app", "api", replicas: 2);
        Cluster.Server.AddService("app", "api");
        _pods = Cluster.Server.List("Pod", "app").Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToArray();
    }

    private JsonElement Json(params string[] args) => JsonDocument.Parse(Cluster.KubectlOk([.. args, "-o", "json"])).RootElement;

    private string[] EndpointPods() =>
        Json("get", "endpoints", "api", "-n", "app").TryGetProperty("subsets", out var subsets)
            ? subsets.EnumerateArray().SelectMany(s => s.TryGetProperty("addresses", out var a) ? a.EnumerateArray() : []).Select(a => a.GetProperty("targetRef").GetProperty("name").GetString()!).Order(StringComparer.Ordinal).ToArray()
            : [];

    private string Labels(string pod) =>
        string.Join(",", Json("get", "pod", pod, "-n", "app").GetProperty("metadata").GetProperty("labels").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}").Order(StringComparer.Ordinal));

    private int Policies() => Json("get", "networkpolicy", "-n", "app").GetProperty("items").GetArrayLength();

    [Fact]
    public void Isolation_cuts_the_pod_out_of_the_service_endpoints_and_undo_puts_it_back_with_its_exact_labels()
    {
        var (target, other) = (_pods[0], _pods[1]);
        var labelsBefore = Labels(target);
        Assert.Equal(_pods, EndpointPods());

        var isolate = Run($"Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {target} -Confirm:$false | ForEach-Object {{ '{{0}}|{{1}}|{{2}}|{{3}}|{{4}}' -f $_.Action, ($_.Labels -join ','), ($_.Services -join ','), $_.PolicyState, $_.Controller }}");

        Assert.Empty(isolate.Errors);
        var line = Assert.Single(isolate.Output).ToString()!.Split('|');
        Assert.Equal("Isolate", line[0]);
        Assert.Equal(labelsBefore, line[1]);
        Assert.Equal(["api", "Created"], line[2..4]);
        Assert.StartsWith("ReplicaSet/api-", line[4], StringComparison.Ordinal);
        // The ReplicaSet released the pod and made a replacement, as the real controller does; the service follows.
        var serving = EndpointPods();
        Assert.Equal(2, serving.Length);
        Assert.Contains(other, serving);
        Assert.DoesNotContain(target, serving);
        Assert.Equal(serving, Json("get", "pods", "-n", "app", "-l", "app=api").GetProperty("items").EnumerateArray().Select(p => p.GetProperty("metadata").GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        Assert.False(Json("get", "pod", target, "-n", "app").GetProperty("metadata").TryGetProperty("ownerReferences", out _));
        Assert.Equal("incident=isolate", Labels(target));
        Assert.Equal(1, Policies());
        var spec = Json("get", "networkpolicy", "vaultrunbook-incident-isolate", "-n", "app").GetProperty("spec");
        Assert.Equal("isolate", spec.GetProperty("podSelector").GetProperty("matchLabels").GetProperty("incident").GetString());
        Assert.Equal(["Ingress", "Egress"], spec.GetProperty("policyTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.False(spec.TryGetProperty("ingress", out _));
        Assert.False(spec.TryGetProperty("egress", out _));
        Assert.Matches(@"vaultrunbook-incident-isolate\s+incident=isolate\s+\d+s", Cluster.KubectlOk("get", "networkpolicy", "-n", "app"));

        var undo = Run($"Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {target} -Undo -Confirm:$false | ForEach-Object {{ '{{0}}|{{1}}|{{2}}' -f $_.Action, ($_.Services -join ','), $_.PolicyState }}");

        Assert.Empty(undo.Errors);
        Assert.Equal("Undo|api|Removed", Assert.Single(undo.Output).ToString());
        Assert.Equal(labelsBefore, Labels(target));
        Assert.Equal("ReplicaSet", Json("get", "pod", target, "-n", "app").GetProperty("metadata").GetProperty("ownerReferences")[0].GetProperty("kind").GetString());
        Assert.False(Json("get", "pod", target, "-n", "app").GetProperty("metadata").TryGetProperty("annotations", out var annotations) && annotations.TryGetProperty("vaultrunbook.io/isolated-labels", out _));
        Assert.Equal(_pods, EndpointPods());
        Assert.Equal(0, Policies());
    }

    // The kubelet writing the pod's status when each label patch of the pod arrives (a new resourceVersion), the
    // first time only or every time; returns how many patches came.
    private Func<int> KubeletWritesStatusAtEachPatch(string pod, bool always)
    {
        var patches = 0;
        Cluster.Server.BeforeServing = request =>
        {
            if (request.StartsWith($"PATCH /api/v1/namespaces/app/pods/{pod}", StringComparison.Ordinal) && (Interlocked.Increment(ref patches) == 1 || always))
            {
                Cluster.Server.Update("Pod", "app", pod, p => p["status"]!["startTime"] = DateTimeOffset.UtcNow.AddSeconds(patches).ToString("yyyy-MM-ddTHH:mm:ssZ"));
            }
        };
        return () => Volatile.Read(ref patches);
    }

    [Fact]
    public void A_status_update_between_the_read_and_the_label_patch_is_read_again_and_the_isolation_goes_on()
    {
        var target = _pods[0];
        var labelsBefore = Labels(target);
        var patches = KubeletWritesStatusAtEachPatch(target, always: false);

        var isolate = Run($"Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {target} -Confirm:$false | ForEach-Object Action");
        Assert.True(isolate.Errors.Count == 0, isolate.Describe());
        Assert.Equal(2, patches()); // the first met a conflict, the second, computed from the pod read again, went in
        Assert.DoesNotContain(target, EndpointPods());

        var undo = Run($"Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {target} -Undo -Confirm:$false | ForEach-Object Action");
        Assert.True(undo.Errors.Count == 0, undo.Describe());
        Assert.Equal(labelsBefore, Labels(target));
    }

    [Fact]
    public void A_pod_that_changes_at_every_attempt_is_a_conflict_after_three_and_keeps_its_labels()
    {
        var target = _pods[0];
        var labelsBefore = Labels(target);
        var patches = KubeletWritesStatusAtEachPatch(target, always: true);

        var isolate = Run($"Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {target} -Confirm:$false");

        Assert.StartsWith("VaultRunbook.K8s.Conflict,", Assert.Single(isolate.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(3, patches());
        Assert.Equal(labelsBefore, Labels(target));
    }

    [Fact]
    public void The_policy_is_made_once_and_removed_only_when_no_pod_is_isolated_any_more()
    {
        var result = Run($$"""
            $first = Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {{_pods[0]}} -Confirm:$false
            $again = Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {{_pods[0]}} -Confirm:$false
            $second = Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {{_pods[1]}} -Confirm:$false
            $undoFirst = Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {{_pods[0]}} -Undo -Confirm:$false
            $policies = (& kubectl --kubeconfig $kubeconfig get networkpolicy -n app -o name)
            $undoSecond = Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {{_pods[1]}} -Undo -Confirm:$false
            '{0} {1}/{2} {3} {4} {5}' -f $first.PolicyState, $again.PolicyState, $again.Unchanged, $second.PolicyState, $undoFirst.PolicyState, $undoSecond.PolicyState
            @($policies).Count
            """);

        Assert.Empty(result.Errors);
        Assert.Equal(["Created AlreadyPresent/True AlreadyPresent Kept Removed", "1"], result.Output.Select(o => o.ToString()));
        Assert.Equal(_pods, EndpointPods());
    }

    [Fact]
    public void WhatIf_changes_nothing_and_undo_of_a_pod_not_isolated_is_an_error_both_journaled()
    {
        var result = Run($"Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {_pods[0]} -WhatIf; Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {_pods[1]} -Undo -Confirm:$false; Set-K8sPodIsolation -KubeConfig $kubeconfig -Selector app=api -Confirm:$false | Out-Null; Get-VaultActionLog -Action K8sIsolate, K8sIsolateUndo | ForEach-Object {{ '{{0}} {{1}} {{2}}' -f $_.Action, $_.Outcome, $_.ErrorId }}");

        Assert.Equal("VaultRunbook.K8s.PodNotIsolated,VaultRunbook.Cmdlets.Kubernetes.SetK8sPodIsolationCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal(["K8sIsolateUndo Failed VaultRunbook.K8s.PodNotIsolated", "K8sIsolate Isolated ", "K8sIsolate Isolated "], result.Output.Select(o => o.ToString()));
        Assert.Empty(EndpointPods().Intersect(_pods));
        Assert.Equal(2, EndpointPods().Length);
    }
}
