using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Backs up a namespace's ConfigMaps, and with -IncludeSecrets its Secrets sealed with your key, into a folder of YAML files.</para>
/// <para type="description">Writes one file per object into a new folder: configmap-NAME.yaml (plain YAML that kubectl apply -f
/// takes) and, only with -IncludeSecrets, secret-NAME.sealed.yaml: the Secret encrypted with AES-256-GCM under the key
/// of -KeyFile or -Key, with a random nonce per file and the Secret's name and namespace as associated data, so a
/// changed file is detected. backup.json lists every file with its SHA-256 (format vaultrunbook.k8s-config-backup/v1)
/// and, when a key is given, an HMAC of that list, so a changed ConfigMap or a dropped Secret is detected too.
/// Server-managed fields (uid, resourceVersion, creationTimestamp, managedFields, generation, selfLink,
/// ownerReferences, the last-applied-configuration annotation) are stripped; the cluster's own kube-root-ca.crt
/// ConfigMap and service-account token Secrets are left out. The folder is written under a temp name and renamed, so
/// it is whole or absent; an existing folder is refused unless -Force, which replaces only an earlier backup. No Secret value is ever written in clear or
/// shown. -WhatIf says what would be written. Make a key with: openssl rand -base64 32 > backup.key; chmod 600 backup.key.</para>
/// <example><code>Backup-K8sNamespaceConfig -Namespace app -Path ./app-config -IncludeSecrets -KeyFile ./backup.key | Restore-K8sNamespaceConfig -Namespace app-restored -KeyFile ./backup.key</code><para>Backs up the app namespace's ConfigMaps and Secrets, then restores them into the app-restored namespace with the same key.</para></example>
/// <example><code>Backup-K8sNamespaceConfig -Namespace app -Path "./backups/app-$(Get-Date -Format yyyyMMdd)"</code><para>Backs up only the ConfigMaps of the app namespace into a dated folder (no key needed).</para></example>
/// </summary>
[Cmdlet(VerbsData.Backup, "K8sNamespaceConfig", SupportsShouldProcess = true)]
[OutputType(EngineTypeNames.K8sConfigBackup)]
public sealed class BackupK8sNamespaceConfigCommand : KubeConfigBackupCmdlet
{
    /// <summary>The namespace to back up; objects with a Namespace property bind by name.</summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [PSDefaultValue(Help = "the kubeconfig context's namespace, else default")]
    public string? Namespace { get; set; }

    /// <summary>The backup folder to create; it must not exist (unless -Force).</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>Also back up the Secrets, sealed with -KeyFile or -Key.</summary>
    [Parameter]
    public SwitchParameter IncludeSecrets { get; set; }

    /// <summary>Replace an existing backup folder.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrDefault(Namespace);
        var folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        using var key = OpenKey();
        if (!ShouldProcess(folder, $"Back up the ConfigMaps{(IncludeSecrets ? " and Secrets (sealed)" : string.Empty)} of namespace {ns}"))
        {
            return;
        }

        try
        {
            WriteObject(Run(ct => NamespaceConfigBackupService.BackupAsync(Connection, ns, folder, IncludeSecrets, key, Force, DateTimeOffset.UtcNow, ct)));
        }
        catch (KubeException ex) when (ex.ErrorId is NamespaceConfigBackupService.BackupExists or NamespaceConfigBackupService.WriteFailed or BackupKey.KeyRequired)
        {
            ThrowEngineError(ex);
        }
        catch (KubeException ex)
        {
            WriteEngineError(ex, ns);
        }
    }
}
