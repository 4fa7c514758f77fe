using System.Text.Json;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>The real kubectl (1.32) against the fake: discovery, printing, and each rollout command it runs.</summary>
public sealed class KubectlFidelityTests : IDisposable
{
    private readonly FakeCluster _cluster = new();

    public KubectlFidelityTests()
    {
        _cluster.Server.AddDeployment("app", "api", replicas: 2, templateAnnotations: new Dictionary<string, string> { ["prometheus.io/scrape"] = "true" });
        _cluster.Server.AddService("app", "api");
        _cluster.Server.AddService("app", "orphan", selectorApp: "nothing");
        _cluster.Server.AddIngress("app", "web", "api.example.com", "api");
        _cluster.Server.AddHorizontalPodAutoscaler("app", "api", "api", 2, 5, 2, 2);
    }

    public void Dispose() => _cluster.Dispose();

    private JsonElement Json(params string[] args) => JsonDocument.Parse(_cluster.KubectlOk([.. args, "-o", "json"])).RootElement;

    private string Revisions() =>
        string.Join(",", Json("get", "rs", "-n", "app").GetProperty("items").EnumerateArray()
            .Select(rs => rs.GetProperty("metadata").GetProperty("annotations").GetProperty("deployment.kubernetes.io/revision").GetString())
            .OrderBy(r => int.Parse(r!, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Kubectl_gets_pods_services_ingresses_and_events_of_the_namespace()
    {
        var output = _cluster.KubectlOk("get", "pods,svc,ingress,events", "-n", "app");

        Assert.Matches(@"pod/api-[bcdfghjklmnpqrstvwxz2456789]{10}-\w{5}\s+1/1\s+Running\s+0", output);
        Assert.Contains("service/api", output);
        Assert.Contains("service/orphan", output);
        Assert.Contains("ingress.networking.k8s.io/web", output);
        Assert.Contains("api.example.com", output);
        Assert.Contains("ScalingReplicaSet", output);
    }

    [Fact]
    public void Kubectl_selects_by_label_and_reads_the_endpoints_the_fake_keeps()
    {
        var pods = Json("get", "pods", "-n", "app", "-l", "app=api").GetProperty("items");
        var none = Json("get", "pods", "-n", "app", "-l", "app=nothing").GetProperty("items");
        var endpoints = Json("get", "endpoints", "api", "-n", "app");

        Assert.Equal(2, pods.GetArrayLength());
        Assert.Equal(0, none.GetArrayLength());
        Assert.Equal(2, endpoints.GetProperty("subsets")[0].GetProperty("addresses").GetArrayLength());
        Assert.False(Json("get", "endpoints", "orphan", "-n", "app").TryGetProperty("subsets", out _));
    }

    [Fact]
    public void Kubectl_rollout_restart_makes_the_next_revision_and_status_follows_it_to_completion()
    {
        Assert.Contains("deployment.apps/api restarted", _cluster.KubectlOk("rollout", "restart", "deployment/api", "-n", "app"));
        var status = _cluster.KubectlOk("rollout", "status", "deployment/api", "-n", "app", "--timeout=60s");

        Assert.Contains("deployment \"api\" successfully rolled out", status);
        var deployment = Json("get", "deployment", "api", "-n", "app");
        var annotations = deployment.GetProperty("spec").GetProperty("template").GetProperty("metadata").GetProperty("annotations");
        Assert.True(annotations.TryGetProperty("kubectl.kubernetes.io/restartedAt", out _));
        Assert.Equal("true", annotations.GetProperty("prometheus.io/scrape").GetString());
        Assert.Equal("2", deployment.GetProperty("metadata").GetProperty("annotations").GetProperty("deployment.kubernetes.io/revision").GetString());
        Assert.Equal(2, deployment.GetProperty("metadata").GetProperty("generation").GetInt64());
        Assert.Equal(2, deployment.GetProperty("status").GetProperty("observedGeneration").GetInt64());
        Assert.Equal("1,2", Revisions());
    }

    [Fact]
    public void Kubectl_rollout_undo_reuses_the_old_replica_set_as_the_newest_revision()
    {
        _cluster.KubectlOk("rollout", "restart", "deployment/api", "-n", "app");
        _cluster.KubectlOk("rollout", "status", "deployment/api", "-n", "app", "--timeout=60s");

        Assert.Contains("rolled back", _cluster.KubectlOk("rollout", "undo", "deployment/api", "-n", "app"));
        _cluster.KubectlOk("rollout", "status", "deployment/api", "-n", "app", "--timeout=60s");

        Assert.Equal("2,3", Revisions());
        var template = Json("get", "deployment", "api", "-n", "app").GetProperty("spec").GetProperty("template").GetProperty("metadata").GetProperty("annotations");
        Assert.False(template.TryGetProperty("kubectl.kubernetes.io/restartedAt", out _));
        var missing = _cluster.Kubectl("rollout", "undo", "deployment/api", "-n", "app", "--to-revision=1");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("unable to find specified revision 1 in history", missing.StdErr);
        Assert.Contains("skipped rollback (current template already matches revision 3)", _cluster.KubectlOk("rollout", "undo", "deployment/api", "-n", "app", "--to-revision=3"));
    }

    [Fact]
    public void Kubectl_scale_goes_through_the_scale_subresource_and_the_rollout_catches_up()
    {
        Assert.Contains("deployment.apps/api scaled", _cluster.KubectlOk("scale", "deployment/api", "-n", "app", "--replicas=3"));
        _cluster.KubectlOk("rollout", "status", "deployment/api", "-n", "app", "--timeout=60s");

        Assert.Contains(_cluster.Server.Requests, r => r.StartsWith("PATCH /apis/apps/v1/namespaces/app/deployments/api/scale", StringComparison.Ordinal));
        var deployment = Json("get", "deployment", "api", "-n", "app");
        Assert.Equal(3, deployment.GetProperty("spec").GetProperty("replicas").GetInt32());
        Assert.Equal(3, deployment.GetProperty("status").GetProperty("availableReplicas").GetInt32());
        Assert.Equal(3, Json("get", "pods", "-n", "app", "-l", "app=api").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public void Kubectl_label_merges_a_label_without_a_new_generation()
    {
        Assert.Contains("labeled", _cluster.KubectlOk("label", "deployment/api", "-n", "app", "tier=backend"));

        var metadata = Json("get", "deployment", "api", "-n", "app").GetProperty("metadata");
        Assert.Equal("backend", metadata.GetProperty("labels").GetProperty("tier").GetString());
        Assert.Equal("api", metadata.GetProperty("labels").GetProperty("app").GetString());
        Assert.Equal(1, metadata.GetProperty("generation").GetInt64());
    }

    [Fact]
    public void Kubectl_rollout_status_reports_a_rollout_the_fake_fails()
    {
        _cluster.Server.FailRollouts("app", "api");
        _cluster.KubectlOk("rollout", "restart", "deployment/api", "-n", "app");

        var status = _cluster.Kubectl("rollout", "status", "deployment/api", "-n", "app", "--timeout=60s");

        Assert.NotEqual(0, status.ExitCode);
        Assert.Contains("deployment \"api\" exceeded its progress deadline", status.StdErr);
    }

    [Fact]
    public void Kubectl_refuses_to_restart_a_paused_deployment()
    {
        _cluster.Server.AddDeployment("app", "frozen", paused: true);

        var restart = _cluster.Kubectl("rollout", "restart", "deployment/frozen", "-n", "app");

        Assert.NotEqual(0, restart.ExitCode);
        Assert.Contains("paused", restart.StdErr);
    }

    [Fact]
    public void Kubectl_without_the_token_is_refused()
    {
        var path = Path.Combine(_cluster.Folder, "no-token");
        File.WriteAllText(path, File.ReadAllText(_cluster.KubeConfig).Replace(_cluster.Server.Token, "wrong-token", StringComparison.Ordinal));

        var result = _cluster.Kubectl("--kubeconfig", path, "get", "pods", "-n", "app");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("You must be logged in to the server", result.StdErr);
    }
}
