using System.Collections;
using System.Text;
using System.Text.Json.Nodes;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>
/// kubectl's typed create commands (`kubectl create configmap|secret generic|namespace`), which send Kubernetes protobuf,
/// against the fake; what they create reads back the same through `kubectl get -o json` and through the module.
/// </summary>
public sealed class KubectlCreateFidelityTests : KubePipelineTest
{
    private const string Protobuf = "application/vnd.kubernetes.protobuf";

    private readonly string _signingKey = TestValues.Random("jwt");

    public KubectlCreateFidelityTests()
    {
        Cluster.Server.AddNamespace("app");
        Cluster.Server.AddNamespace("restored");
    }

    private JsonNode KubectlJson(params string[] args) => JsonNode.Parse(Cluster.KubectlOk([.. args, "-o", "json"]))!;

    private static Dictionary<string, string> Data(JsonNode obj) =>
        (obj["data"]?.AsObject() ?? []).ToDictionary(p => p.Key, p => (string)p.Value!, StringComparer.Ordinal);

    private void AssertSentAsProtobuf(string path) =>
        Assert.Contains(Cluster.Server.Requests, r => r.StartsWith($"POST {path}", StringComparison.Ordinal) && r.EndsWith(Protobuf, StringComparison.Ordinal));

    // The module reads the namespace (Backup-K8sNamespaceConfig, through the Engine's client) and writes it into another
    // one (Restore-K8sNamespaceConfig); kubectl then reads what the module wrote.
    private void BackupAndRestoreThroughTheModule()
    {
        var result = Run(
            "Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace app -Path $folder -IncludeSecrets -KeyFile $keyFile | Restore-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace restored -KeyFile $keyFile -Confirm:$false | ForEach-Object { '{0} {1} {2}' -f $_.Kind, $_.Name, $_.Action }",
            new Hashtable { ["folder"] = Path.Combine(Cluster.Folder, "backup"), ["keyFile"] = ConfigBackupPipelineTests.WriteKey(Path.Combine(Cluster.Folder, "backup.key")) });
        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.NotEmpty(result.Output);
    }

    [Fact]
    public void Kubectl_create_configmap_from_literals_reads_back_the_same_through_kubectl_and_the_module()
    {
        var output = Cluster.KubectlOk("create", "configmap", "settings", "-n", "app", "--from-literal=LOG_LEVEL=debug", "--from-literal=routes.yaml=- path: /api\n  backend: api\n");

        Assert.Contains("configmap/settings created", output);
        AssertSentAsProtobuf("/api/v1/namespaces/app/configmaps");
        var expected = new Dictionary<string, string> { ["LOG_LEVEL"] = "debug", ["routes.yaml"] = "- path: /api\n  backend: api\n" };
        var created = KubectlJson("get", "configmap", "settings", "-n", "app");
        Assert.Equal(expected, Data(created));
        Assert.Equal("app", (string?)created["metadata"]!["namespace"]);
        Assert.False(string.IsNullOrEmpty((string?)created["metadata"]!["uid"]));
        Assert.Null(created["binaryData"]);
        Assert.Null(created["metadata"]!["generateName"]);

        BackupAndRestoreThroughTheModule();

        Assert.Equal(expected, Data(KubectlJson("get", "configmap", "settings", "-n", "restored")));
        Assert.Contains("LOG_LEVEL: debug", File.ReadAllText(Path.Combine(Cluster.Folder, "backup", "configmap-settings.yaml")));
    }

    [Fact]
    public void Kubectl_create_secret_generic_keeps_the_values_base64_as_the_api_shows_them_and_the_module_reads_them()
    {
        var output = Cluster.KubectlOk("create", "secret", "generic", "api-jwt", "-n", "app", $"--from-literal=signing-key={_signingKey}", "--from-literal=issuer=runbook", "--type=Opaque");

        Assert.Contains("secret/api-jwt created", output);
        AssertSentAsProtobuf("/api/v1/namespaces/app/secrets");
        var expected = new Dictionary<string, string>
        {
            ["issuer"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("runbook")),
            ["signing-key"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(_signingKey)),
        };
        var created = KubectlJson("get", "secret", "api-jwt", "-n", "app");
        Assert.Equal(expected, Data(created));
        Assert.Equal("Opaque", (string?)created["type"]);
        Assert.Null(created["stringData"]);
        Assert.Equal(_signingKey, Encoding.UTF8.GetString(Convert.FromBase64String(Cluster.KubectlOk("get", "secret", "api-jwt", "-n", "app", "-o", "jsonpath={.data.signing-key}"))));

        BackupAndRestoreThroughTheModule();

        var restored = KubectlJson("get", "secret", "api-jwt", "-n", "restored");
        Assert.Equal(expected, Data(restored));
        Assert.Equal("Opaque", (string?)restored["type"]);
    }

    [Fact]
    public void Kubectl_create_namespace_makes_a_namespace_kubectl_and_the_module_then_use()
    {
        Assert.Contains("namespace/team-x created", Cluster.KubectlOk("create", "namespace", "team-x"));

        AssertSentAsProtobuf("/api/v1/namespaces");
        var created = KubectlJson("get", "namespace", "team-x");
        Assert.Equal("team-x", (string?)created["metadata"]!["name"]);
        Assert.Equal("team-x", (string?)created["metadata"]!["labels"]!["kubernetes.io/metadata.name"]);
        Assert.Equal("Active", (string?)created["status"]!["phase"]);
        Assert.Matches(@"team-x\s+Active", Cluster.KubectlOk("get", "namespace", "team-x"));
        Assert.NotNull(Cluster.Server.Get("Namespace", null, "team-x"));
        Cluster.KubectlOk("create", "configmap", "in-new", "-n", "team-x", "--from-literal=k=v");
        var result = Run("Backup-K8sNamespaceConfig -KubeConfig $kubeconfig -Namespace team-x -Path $folder | ForEach-Object { '{0} {1}' -f $_.ConfigMaps, ($_.Files -join ',') }", new Hashtable { ["folder"] = Path.Combine(Cluster.Folder, "team-x") });
        Assert.True(result.Errors.Count == 0, result.Describe());
        Assert.Equal("1 backup.json,configmap-in-new.yaml", Assert.Single(result.Output).ToString());
    }

    [Fact]
    public void Kubectl_asks_for_protobuf_or_json_so_the_fakes_json_answer_is_one_it_takes()
    {
        var (code, _, stderr) = Cluster.Kubectl("create", "configmap", "verbose", "-n", "app", "--from-literal=k=v", "-v=8");

        Assert.True(code == 0, stderr);
        Assert.Contains("Accept: application/vnd.kubernetes.protobuf,application/json", stderr, StringComparison.Ordinal);
        Assert.Contains("Response Headers:", stderr, StringComparison.Ordinal);
        Assert.Contains("Content-Type: application/json", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_kind_the_fake_does_not_read_in_protobuf_still_gets_415()
    {
        var (code, _, stderr) = Cluster.Kubectl("create", "deployment", "web", "-n", "app", "--image=nginx");

        Assert.NotEqual(0, code);
        Assert.Contains("the body of the request was in an unknown format", stderr, StringComparison.Ordinal);
        AssertSentAsProtobuf("/apis/apps/v1/namespaces/app/deployments");
        Assert.Null(Cluster.Server.Get("Deployment", "app", "web"));
    }
}
