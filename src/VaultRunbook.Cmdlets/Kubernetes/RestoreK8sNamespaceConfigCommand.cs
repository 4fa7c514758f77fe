using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Restores a backup made by Backup-K8sNamespaceConfig into its namespace or another one.</para>
/// <para type="description">Reads the whole backup first: every file's SHA-256 against backup.json, every sealed Secret
/// opened with -KeyFile or -Key. A wrong key (VaultRunbook.K8s.BackupWrongKey), a changed or damaged file
/// (VaultRunbook.K8s.BackupTampered) or a folder that is not a backup (VaultRunbook.K8s.BackupInvalid) ends the
/// cmdlet before anything is written. Then each object is created when missing, replaced when it differs, and left
/// when it already matches; one object per item says which (Created, Updated, Unchanged). -WhatIf lists what would
/// be created or updated and changes nothing. Every change is recorded in the action journal (Get-VaultActionLog);
/// no Secret value is ever shown.</para>
/// <example><code>Get-ChildItem ./backups -Directory | Sort-Object Name | Select-Object -Last 1 -ExpandProperty FullName | Restore-K8sNamespaceConfig -KeyFile ./backup.key -WhatIf</code><para>Shows which ConfigMaps and Secrets the newest backup would create or update in its namespace, without changing anything.</para></example>
/// <example><code>Backup-K8sNamespaceConfig -Namespace app -Path ./app-config -IncludeSecrets -KeyFile ./backup.key | Restore-K8sNamespaceConfig -Namespace app-dr -KeyFile ./backup.key -Confirm:$false</code><para>Copies the app namespace's configuration into app-dr.</para></example>
/// </summary>
[Cmdlet(VerbsData.Restore, "K8sNamespaceConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(EngineTypeNames.K8sConfigRestoreItem)]
public sealed class RestoreK8sNamespaceConfigCommand : KubeConfigBackupCmdlet
{
    /// <summary>The backup folder; Backup-K8sNamespaceConfig's Path (and a folder's FullName) binds by name.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The namespace to restore into.</summary>
    [Parameter]
    [PSDefaultValue(Help = "the namespace the backup was made from")]
    public string? Namespace { get; set; }

    protected override void ProcessRecord()
    {
        var folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        using var key = OpenKey();
        K8sConfigRestorePlan plan;
        try
        {
            plan = Run(ct => NamespaceConfigBackupService.PlanRestoreAsync(Connection, folder, key, Namespace, ct));
        }
        catch (EngineException ex)
        {
            Journal("K8sConfigRestore", $"backup {folder}", "Failed", null, ex);
            ThrowEngineError(ex);
            return;
        }

        using (plan)
        {
            foreach (var step in plan.Steps)
            {
                var what = NamespaceConfigBackupService.Describe(step);
                if (step.Action == "Unchanged")
                {
                    WriteObject(step);
                    continue;
                }

                if (!ShouldProcess(what, $"{step.Action} from the backup {plan.Source}"))
                {
                    continue;
                }

                try
                {
                    var done = Run(ct => NamespaceConfigBackupService.ApplyAsync(Connection, plan, step, ct));
                    Journal("K8sConfigRestore", what, done.Action, $"from the backup {plan.Source}");
                    WriteObject(done);
                }
                catch (KubeException ex)
                {
                    Journal("K8sConfigRestore", what, "Failed", null, ex);
                    WriteEngineError(ex, what);
                }
            }
        }
    }
}
