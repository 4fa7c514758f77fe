using System.Text;
using System.Text.Json.Nodes;
using VaultRunbook.Kubernetes.Tests.Support;
using Xunit;

namespace VaultRunbook.Kubernetes.Tests;

/// <summary>Invoke-K8sSecretRotation in hosted pipelines: kubectl wires the deployment to the Secret and reads the outcome back.</summary>
public sealed class SecretRotationPipelineTests : KubePipelineTest
{
    private readonly string _oldValue = TestValues.Random("old");

    public SecretRotationPipelineTests()
    {
        Cluster.Server.AddDeployment("app", "api", replicas: 2);
        Cluster.KubectlOk("create", "secret", "generic", "api-jwt", "-n", "app", $"--from-literal=signing-key={_oldValue}", "--from-literal=issuer=runbook");
        // The three ways a pod template names a Secret: an env secretKeyRef, an envFrom secretRef, a secret volume.
        Cluster.KubectlOk("patch", "deployment", "api", "-n", "app", "--type=json", "-p", """
            [
              { "op": "add", "path": "/spec/template/spec/containers/0/env", "value": [ { "name": "JWT_KEY", "valueFrom": { "secretKeyRef": { "name": "api-jwt", "key": "signing-key" } } } ] },
              { "op": "add", "path": "/spec/template/spec/containers/0/envFrom", "value": [ { "secretRef": { "name": "api-jwt" } } ] },
              { "op": "add", "path": "/spec/template/spec/volumes", "value": [ { "name": "jwt", "secret": { "secretName": "api-jwt" } } ] }
            ]
            """);
        Cluster.KubectlOk("rollout", "status", "deployment/api", "-n", "app", "--timeout=60s");
    }

    private JsonNode Secrets() => JsonNode.Parse(Cluster.KubectlOk("get", "secret", "-n", "app", "-o", "json"))!;

    private List<string> SecretNames() => Secrets()["items"]!.AsArray().Select(i => (string)i!["metadata"]!["name"]!).Order(StringComparer.Ordinal).ToList();

    // Every Secret name the deployment's pod template references, as kubectl reads it.
    private string References() => Cluster.KubectlOk("get", "deployment", "api", "-n", "app", "-o",
        "jsonpath={.spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name} {.spec.template.spec.containers[0].envFrom[0].secretRef.name} {.spec.template.spec.volumes[0].secret.secretName}");

    [Fact]
    public void A_rotation_moves_the_deployment_to_a_new_random_secret_and_deletes_the_old_one_after_the_rollout()
    {
        var result = Run("""
            Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace app -Deployment api -SecretName api-jwt -Key signing-key -Confirm:$false |
                ForEach-Object { '{0}|{1}|{2}|{3}|{4}' -f $_.SecretName, $_.PreviousSecretName, $_.DataKey, $_.References, $_.Kind }
            Get-VaultActionLog -Action K8sSecretRotation | ForEach-Object { '{0}|{1}' -f $_.Outcome, $_.Subject }
            """);

        Assert.True(result.Errors.Count == 0, result.Describe());
        var line = result.Output[0].ToString()!.Split('|');
        var newName = line[0];
        Assert.Matches("^api-jwt-[0-9]{14}$", newName);
        Assert.Equal(["api-jwt", "signing-key", "3", "Deployment"], line[1..]);
        Assert.Equal($"Rotated|deployment app/api secret api-jwt -> {newName}", result.Output[1].ToString());
        Assert.Equal([newName], SecretNames());
        Assert.Equal($"{newName} {newName} {newName}", References());
        var data = Secrets()["items"]![0]!["data"]!;
        var newValue = Encoding.UTF8.GetString(Convert.FromBase64String((string)data["signing-key"]!));
        Assert.Equal(64, newValue.Length);
        Assert.NotEqual(_oldValue, newValue);
        Assert.Equal("runbook", Encoding.UTF8.GetString(Convert.FromBase64String((string)data["issuer"]!)));
        Assert.Equal(0, Cluster.Kubectl("rollout", "status", "deployment/api", "-n", "app", "--timeout=10s").ExitCode);
        Assert.DoesNotContain(newValue, result.AllText(), StringComparison.Ordinal);
        Assert.DoesNotContain(newValue, File.ReadAllText(Cluster.Journal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_rotation_rolls_back_and_keeps_the_old_secret_when_the_rollout_fails()
    {
        Cluster.Server.FailRollouts("app", "api");
        var revisionBefore = Cluster.KubectlOk("get", "deployment", "api", "-n", "app", "-o", "jsonpath={.spec.template.spec.containers[0].image}");

        var result = Run("""
            Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace app -Deployment api -SecretName api-jwt -Key signing-key -TimeoutSec 60 -Confirm:$false
            Get-VaultActionLog -Action K8sSecretRotation | ForEach-Object { '{0}|{1}' -f $_.Outcome, $_.ErrorId }
            """);

        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.K8s.SecretRotationRolledBack,VaultRunbook.Cmdlets.Kubernetes.InvokeK8sSecretRotationCommand", error.FullyQualifiedErrorId);
        Assert.Contains("kept", error.Exception.Message);
        Assert.Equal("RolledBack|VaultRunbook.K8s.SecretRotationRolledBack", Assert.Single(result.Output).ToString());
        Assert.Equal(["api-jwt"], SecretNames());
        Assert.Equal(_oldValue, Encoding.UTF8.GetString(Convert.FromBase64String((string)Secrets()["items"]![0]!["data"]!["signing-key"]!)));
        Assert.Equal("api-jwt api-jwt api-jwt", References());
        Assert.Equal(revisionBefore, Cluster.KubectlOk("get", "deployment", "api", "-n", "app", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
        Assert.Equal(0, Cluster.Kubectl("rollout", "status", "deployment/api", "-n", "app", "--timeout=10s").ExitCode);
    }

    // Once, when the rotation's first patch of the deployment arrives: the change another writer makes in between.
    private void BeforeTheTemplatePatch(Action<JsonObject> change)
    {
        var done = 0;
        Cluster.Server.BeforeServing = request =>
        {
            if (request.StartsWith("PATCH /apis/apps/v1/namespaces/app/deployments/api", StringComparison.Ordinal) && Interlocked.Exchange(ref done, 1) == 0)
            {
                Cluster.Server.Update("Deployment", "app", "api", change);
            }
        };
    }

    [Fact]
    public void A_status_update_between_the_read_and_the_template_patch_does_not_stop_the_rotation()
    {
        // The deployment controller writes status at any moment (a new resourceVersion, the same generation).
        BeforeTheTemplatePatch(d => d["status"]!["conditions"] = new JsonArray(new JsonObject { ["type"] = "Available", ["status"] = "True", ["reason"] = "MinimumReplicasAvailable" }));

        var result = Run("Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace app -Deployment api -SecretName api-jwt -Key signing-key -Confirm:$false | ForEach-Object SecretName");

        Assert.True(result.Errors.Count == 0, result.Describe());
        var newName = (string)result.Output.Single().BaseObject;
        Assert.Equal([newName], SecretNames());
        Assert.Equal($"{newName} {newName} {newName}", References());
    }

    [Fact]
    public void A_template_change_between_the_read_and_the_patch_stops_the_rotation_and_removes_the_new_secret()
    {
        // Another writer adds a reference to the old Secret meanwhile: moving only the references read would leave it
        // pointing at a Secret the rotation then deletes.
        BeforeTheTemplatePatch(d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["env"]!.AsArray().Add(
            new JsonObject { ["name"] = "JWT_ISSUER", ["valueFrom"] = new JsonObject { ["secretKeyRef"] = new JsonObject { ["name"] = "api-jwt", ["key"] = "issuer" } } }));

        var result = Run("Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace app -Deployment api -SecretName api-jwt -Key signing-key -Confirm:$false");

        Assert.StartsWith("VaultRunbook.K8s.Invalid,", Assert.Single(result.Errors).FullyQualifiedErrorId, StringComparison.Ordinal);
        Assert.Equal(["api-jwt"], SecretNames());
        Assert.Equal("api-jwt api-jwt api-jwt", References());
        Assert.Equal("api-jwt", Cluster.KubectlOk("get", "deployment", "api", "-n", "app", "-o", "jsonpath={.spec.template.spec.containers[0].env[1].valueFrom.secretKeyRef.name}"));
    }

    [Fact]
    public void A_secret_the_deployment_does_not_use_or_an_ambiguous_key_changes_nothing()
    {
        Cluster.KubectlCreate("secret", "generic", "unused", "-n", "app", "--from-literal=k=v");
        var generation = Cluster.KubectlOk("get", "deployment", "api", "-n", "app", "-o", "jsonpath={.metadata.generation}");

        var unused = Run("Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace app -Deployment api -SecretName unused -Confirm:$false");
        var ambiguous = Run("Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace app -Deployment api -SecretName api-jwt -Confirm:$false");
        var missingKey = Run("Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace app -Deployment api -SecretName api-jwt -Key nope -Confirm:$false");
        var whatIf = Run("Invoke-K8sSecretRotation -KubeConfig $kubeconfig -Namespace app -Deployment api -SecretName api-jwt -Key signing-key -WhatIf");

        Assert.Equal("VaultRunbook.K8s.SecretNotReferenced", Assert.Single(unused.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.SecretKeyAmbiguous", Assert.Single(ambiguous.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Equal("VaultRunbook.K8s.SecretKeyNotFound", Assert.Single(missingKey.Errors).FullyQualifiedErrorId.Split(',')[0]);
        Assert.Empty(whatIf.Output);
        Assert.Contains("deployment app/api", whatIf.HostText);
        Assert.Equal(["api-jwt", "unused"], SecretNames());
        Assert.Equal(generation, Cluster.KubectlOk("get", "deployment", "api", "-n", "app", "-o", "jsonpath={.metadata.generation}"));
    }
}
