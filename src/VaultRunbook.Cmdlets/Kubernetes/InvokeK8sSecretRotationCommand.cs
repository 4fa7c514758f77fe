using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Rotates a Secret a deployment uses (the runbook's JWT-secret rotation): new Secret, rollout, old Secret deleted.</para>
/// <para type="description">Creates a new Secret named after the old one and the time (BASE-yyyyMMddHHmmss), holding the old
/// Secret's keys with a new cryptographically random value (-Length characters, letters and digits) for -Key; moves
/// every reference of the deployment's pod template (env secretKeyRef, envFrom secretRef, secret and projected
/// volumes) onto it with one JSON patch; follows the rollout for at most -TimeoutSec; and deletes the old Secret only
/// once the rollout succeeded. When the rollout fails or times out, the deployment is rolled back to its previous
/// revision (kubectl rollout undo), the new Secret is deleted and the old one kept, and the error
/// VaultRunbook.K8s.SecretRotationRolledBack says so. The value is never shown, logged or journaled. Every rotation
/// is recorded in the action journal (Get-VaultActionLog).</para>
/// <example><code>Invoke-K8sSecretRotation -Namespace app -Deployment api -SecretName api-jwt -Key signing-key -Confirm:$false | Get-K8sWorkloadHealth</code><para>Rotates the api deployment's JWT signing key, then checks the health of the app namespace after the rollout.</para></example>
/// <example><code>Invoke-K8sSecretRotation -Namespace app -Deployment api -SecretName api-jwt -TimeoutSec 300 -WhatIf</code><para>Shows the rotation that would be made without creating or changing anything.</para></example>
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "K8sSecretRotation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(EngineTypeNames.K8sSecretRotation)]
public sealed class InvokeK8sSecretRotationCommand : KubeCmdlet
{
    /// <summary>The namespace of the deployment and its Secret.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "the kubeconfig context's namespace, else default")]
    public string? Namespace { get; set; }

    /// <summary>The deployment whose pod template references the Secret.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Name")]
    [ValidateNotNullOrEmpty]
    public string Deployment { get; set; } = string.Empty;

    /// <summary>The Secret to rotate (the one the deployment references now).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string SecretName { get; set; } = string.Empty;

    /// <summary>The Secret's data key that gets the new value; may be left out when the Secret has one key.</summary>
    [Parameter]
    [PSDefaultValue(Help = "the Secret's only key")]
    public string? Key { get; set; }

    /// <summary>How many random characters (letters and digits) the new value has.</summary>
    [Parameter]
    [ValidateRange(16, 4096)]
    public int Length { get; set; } = 64;

    /// <summary>How long to follow the rollout before it counts as failed and is rolled back, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrDefault(Namespace);
        var what = $"deployment {ns}/{Deployment}";
        var subject = $"{what} secret {SecretName}";
        if (!ShouldProcess(what, $"Rotate the secret '{SecretName}'{(string.IsNullOrEmpty(Key) ? string.Empty : $" (key '{Key}')")}: new secret, rollout, delete the old one"))
        {
            return;
        }

        var record = new ProgressRecord(1, $"Secret rotation of {what}", "Rotating");
        var progress = new CallbackProgress<K8sRolloutStatus>(status => Post(() =>
        {
            record.StatusDescription = status.Message;
            WriteProgress(record);
        }));
        try
        {
            var rotation = Run(ct => SecretRotationService.RotateAsync(Connection, ns, Deployment, SecretName, Key, Length, TimeSpan.FromSeconds(TimeoutSec), progress, DateTimeOffset.UtcNow, ct));
            Journal("K8sSecretRotation", $"{what} secret {rotation.PreviousSecretName} -> {rotation.SecretName}", "Rotated", rotation.Message);
            WriteObject(rotation);
        }
        catch (KubeException ex)
        {
            Journal("K8sSecretRotation", subject, ex.ErrorId == SecretRotationService.RolledBack ? "RolledBack" : "Failed", null, ex);
            WriteEngineError(ex, what);
        }
        finally
        {
            record.RecordType = ProgressRecordType.Completed;
            WriteProgress(record);
        }
    }
}
