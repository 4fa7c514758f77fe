using System.Collections;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Kubernetes;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Save-K8sIncidentEvidence in hosted pipelines: the files, their hashes checked by sha256sum, and what it refuses.</summary>
public sealed class IncidentEvidencePipelineTests : KubePipelineTest
{
    private readonly string _secret = "planted-" + Guid.NewGuid().ToString("N");
    private readonly string _pod;
    private readonly string _evidence;

    public IncidentEvidencePipelineTests()
    {
        Cluster.Server.AddDeployment("app", "api", replicas: 1);
        Cluster.Server.AddService("app", "api");
        _pod = Cluster.Server.List("Pod", "app").Single()["metadata"]!["name"]!.GetValue<string>();
        var secretFile = Path.Combine(Cluster.Folder, "secret.json");
        File.WriteAllText(secretFile, $$$"""{"apiVersion":"v1","kind":"Secret","metadata":{"name":"db","namespace":"app"},"type":"Opaque","data":{"password":"{{{Convert.ToBase64String(Encoding.UTF8.GetBytes(_secret))}}}"}}""");
        Cluster.KubectlOk("create", "--validate=false", "-f", secretFile);
        File.Delete(secretFile);
        Cluster.Server.Update("Pod", "app", _pod, pod =>
        {
            var container = pod["spec"]!["containers"]![0]!.AsObject();
            container["env"] = new JsonArray(
                new JsonObject { ["name"] = "DB_PASSWORD", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "db", ["key"] = "password" } } },
                new JsonObject { ["name"] = "API_KEY", ["value"] = _secret });
            pod["spec"]!["volumes"] = new JsonArray(new JsonObject { ["name"] = "creds", ["secret"] = new JsonObject { ["secretName"] = "db" } });
        });
        Cluster.Server.AddLogLines("app", _pod, "app", ["GET /login 401 authentication_failed", "GET /admin 200"]);
        Cluster.Server.AddLogLines("app", _pod, "app", ["OOM: heap exhausted"], previous: true);
        Cluster.Server.AddEvent("app", "Pod", _pod, "Warning", "BackOff", "Back-off restarting failed container app", DateTimeOffset.UtcNow);
        _evidence = Path.Combine(Cluster.Folder, "evidence");
    }

    private static (int ExitCode, string Output) Tool(string workingDirectory, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private string[] Leftovers() => Directory.GetFileSystemEntries(Cluster.Folder).Select(Path.GetFileName).Where(n => n is not ("kubeconfig" or "actions.jsonl" or "kubectl-cache" or ".kube")).ToArray()!;

    [Fact]
    public void The_manifest_hashes_match_the_files_as_sha256sum_checks_them()
    {
        var result = Run($"Set-K8sPodIsolation -KubeConfig $kubeconfig -Name {_pod} -Confirm:$false | Save-K8sIncidentEvidence -KubeConfig $kubeconfig -Path $evidence | ForEach-Object {{ $_.Sha256; $_.Files }}", new Hashtable { ["evidence"] = _evidence });

        Assert.Empty(result.Errors);
        var output = result.Output.Select(o => o.ToString()!).ToArray();
        var files = output[1..];
        Assert.Equal(
            [$"pods/{_pod}/pod.json", $"pods/{_pod}/describe.txt", $"pods/{_pod}/logs/app.log", $"pods/{_pod}/logs/app.previous.log", "events.json", "networkpolicies.json", "manifest.json"],
            files);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_evidence, "manifest.json")))!;
        var sums = string.Concat(manifest["files"]!.AsArray().Select(f => $"{f!["sha256"]}  {f["path"]}\n"));
        File.WriteAllText(Path.Combine(Cluster.Folder, "SHA256SUMS"), sums);
        var check = Tool(_evidence, "sha256sum", "-c", "--strict", Path.Combine(Cluster.Folder, "SHA256SUMS"));
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Equal(6, check.Output.Split('\n').Count(l => l.EndsWith(": OK", StringComparison.Ordinal)));
        Assert.All(manifest["files"]!.AsArray(), f => Assert.Equal(new FileInfo(Path.Combine(_evidence, f!["path"]!.GetValue<string>())).Length, f["size"]!.GetValue<long>()));
        Assert.StartsWith(output[0], Tool(_evidence, "sha256sum", "manifest.json").Output, StringComparison.Ordinal);

        Assert.Contains("OOM: heap exhausted", File.ReadAllText(Path.Combine(_evidence, "pods", _pod, "logs", "app.previous.log")));
        Assert.Contains("authentication_failed", File.ReadAllText(Path.Combine(_evidence, "pods", _pod, "logs", "app.log")));
        Assert.Contains("BackOff", File.ReadAllText(Path.Combine(_evidence, "events.json")));
        Assert.Contains("vaultrunbook-incident-isolate", File.ReadAllText(Path.Combine(_evidence, "networkpolicies.json")));
        Assert.Contains("incident=isolate", File.ReadAllText(Path.Combine(_evidence, "pods", _pod, "describe.txt")));
        Assert.DoesNotContain("managedFields", File.ReadAllText(Path.Combine(_evidence, "pods", _pod, "pod.json")));
        Assert.Equal(["SHA256SUMS", "evidence"], Leftovers().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_planted_secret_value_appears_in_no_evidence_file_only_the_reference_to_its_secret()
    {
        var result = Run($"Save-K8sIncidentEvidence -KubeConfig $kubeconfig -Selector app=api -Path $evidence | Out-Null", new Hashtable { ["evidence"] = _evidence });

        Assert.Empty(result.Errors);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes(_secret));
        var all = Directory.GetFiles(_evidence, "*", SearchOption.AllDirectories);
        Assert.Equal(7, all.Length);
        foreach (var file in all)
        {
            var text = File.ReadAllText(file);
            Assert.DoesNotContain(_secret, text);
            Assert.DoesNotContain(encoded, text);
        }

        var describe = File.ReadAllText(Path.Combine(_evidence, "pods", _pod, "describe.txt"));
        Assert.Contains("DB_PASSWORD:  <set to the key 'password' in secret 'db'>", describe);
        Assert.Contains("SecretName: db", describe);
        Assert.Contains("\"secretKeyRef\"", File.ReadAllText(Path.Combine(_evidence, "pods", _pod, "pod.json")));
    }

    [Fact]
    public void An_existing_folder_is_refused_and_left_as_it_was()
    {
        Directory.CreateDirectory(_evidence);
        File.WriteAllText(Path.Combine(_evidence, "notes.txt"), "earlier evidence");

        var result = Run($"Save-K8sIncidentEvidence -KubeConfig $kubeconfig -Name {_pod} -Path $evidence; Get-VaultActionLog -Action K8sEvidence | ForEach-Object {{ '{{0}} {{1}}' -f $_.Outcome, $_.ErrorId }}", new Hashtable { ["evidence"] = _evidence });

        Assert.Equal("VaultRunbook.K8s.EvidenceFolderExists,VaultRunbook.Cmdlets.Kubernetes.SaveK8sIncidentEvidenceCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.Equal("Failed VaultRunbook.K8s.EvidenceFolderExists", Assert.Single(result.Output).ToString());
        Assert.Equal(["notes.txt"], Directory.GetFileSystemEntries(_evidence).Select(Path.GetFileName));
        Assert.Equal("earlier evidence", File.ReadAllText(Path.Combine(_evidence, "notes.txt")));
    }

    [Fact]
    public void A_failure_midway_leaves_nothing_behind()
    {
        var result = Run($"Save-K8sIncidentEvidence -KubeConfig $kubeconfig -Name {_pod}, ghost -Path $evidence", new Hashtable { ["evidence"] = _evidence });

        Assert.Equal("VaultRunbook.K8s.NotFound,VaultRunbook.Cmdlets.Kubernetes.SaveK8sIncidentEvidenceCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.False(Directory.Exists(_evidence));
        Assert.Empty(Leftovers());
    }

    [Fact]
    public void A_hostile_container_name_cannot_write_outside_the_folder()
    {
        Cluster.Server.AddPod("app", "evil", new Hashtable { ["app"] = "evil" }, "../../../escaped");
        Cluster.Server.AddLogLines("app", "evil", "../../../escaped", ["pwned"]);

        var result = Run("Save-K8sIncidentEvidence -KubeConfig $kubeconfig -Name evil -Path $evidence | ForEach-Object Files", new Hashtable { ["evidence"] = _evidence });

        Assert.Empty(result.Errors);
        Assert.Contains("pods/evil/logs/_.._.._.._escaped.log", result.Output.Select(o => o.ToString()));
        Assert.Equal("pwned\n", File.ReadAllText(Path.Combine(_evidence, "pods", "evil", "logs", "_.._.._.._escaped.log"))[^6..]);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(Cluster.Folder)!, "escaped*", SearchOption.TopDirectoryOnly));
        Assert.Equal(["evidence"], Leftovers());
    }

    [Theory]
    [InlineData("../../etc/passwd", "_.._.._etc_passwd")]
    [InlineData("..", "_..")]
    [InlineData(".hidden", "_.hidden")]
    [InlineData("api-5d8f9c7b6d-x2k4q", "api-5d8f9c7b6d-x2k4q")]
    [InlineData("a\\b:c", "a_b_c")]
    public void Names_become_one_safe_file_name(string name, string expected) => Assert.Equal(expected, IncidentEvidenceService.SafeName(name));
}
