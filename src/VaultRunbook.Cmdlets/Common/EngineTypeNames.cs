namespace VaultRunbook.Cmdlets.Common;

/// <summary>
/// Output type names of Engine records, for [OutputType]. PowerShell instantiates a cmdlet's attributes while it
/// scans the module, before IModuleAssemblyInitializer.OnImport registers the module-private load context; an
/// attribute with typeof(EngineType) would load the Engine too early and fail. Names keep the Engine unloaded
/// until first use. A convention test checks that every name resolves to a type of the Engine.
/// </summary>
internal static class EngineTypeNames
{
    public const string VaultHealth = "VaultRunbook.Engine.Vault.VaultHealth";
    public const string VaultSealStatus = "VaultRunbook.Engine.Vault.VaultSealStatus";
    public const string AuditHash = "VaultRunbook.Engine.Vault.AuditHash";
    public const string SecretRotation = "VaultRunbook.Engine.Secrets.SecretRotation";
    public const string KvMetadata = "VaultRunbook.Engine.Secrets.KvMetadata";
    public const string SecretWrite = "VaultRunbook.Engine.Secrets.SecretWrite";
    public const string EffectiveRollout = "VaultRunbook.Engine.Rollout.EffectiveRollout";
    public const string RolloutReadiness = "VaultRunbook.Engine.Rollout.RolloutReadiness";
    public const string AuditEvent = "VaultRunbook.Engine.Audit.AuditEvent";
    public const string SecretAccessStats = "VaultRunbook.Engine.Resolution.SecretAccessStats";
    public const string ActionRecord = "VaultRunbook.Engine.Journal.ActionRecord";
    public const string VaultMetric = "VaultRunbook.Engine.Metrics.VaultMetric";
    public const string VaultAuditDevice = "VaultRunbook.Engine.Vault.VaultAuditDevice";
    public const string TokenRevocation = "VaultRunbook.Engine.Tokens.TokenRevocation";
    public const string VaultTokenInfo = "VaultRunbook.Engine.Tokens.VaultTokenInfo";
    public const string VaultAuthMethod = "VaultRunbook.Engine.Tokens.VaultAuthMethod";
    public const string VaultAppRole = "VaultRunbook.Engine.Tokens.VaultAppRole";
    public const string VaultStorageSnapshot = "VaultRunbook.Engine.Aws.VaultStorageSnapshot";
    public const string StorageRestore = "VaultRunbook.Engine.Aws.StorageRestore";
    public const string AutoUnsealDiagnosis = "VaultRunbook.Engine.Aws.AutoUnsealDiagnosis";
    public const string AppRoleSecretIdRevocation = "VaultRunbook.Engine.Tokens.AppRoleSecretIdRevocation";
    public const string VaultLeader = "VaultRunbook.Engine.Cluster.VaultLeader";
    public const string VaultHaNode = "VaultRunbook.Engine.Cluster.VaultHaNode";
    public const string VaultStepDownResult = "VaultRunbook.Engine.Cluster.VaultStepDownResult";
    public const string RaftSnapshotFile = "VaultRunbook.Engine.Raft.RaftSnapshotFile";
    public const string RaftSnapshotRestore = "VaultRunbook.Engine.Raft.RaftSnapshotRestore";
    public const string VaultRaftPeer = "VaultRunbook.Engine.Raft.VaultRaftPeer";
    public const string SignatureRecord = "VaultRunbook.Engine.Signing.SignatureRecord";
    public const string SignatureVerification = "VaultRunbook.Engine.Signing.SignatureVerification";
    public const string TransitKey = "VaultRunbook.Engine.Signing.TransitKey";
    public const string FallbackKeyInfo = "VaultRunbook.Engine.Signing.FallbackKeyInfo";
    public const string FallbackSigningStatus = "VaultRunbook.Engine.Signing.FallbackSigningStatus";
    public const string K8sWorkloadHealth = "VaultRunbook.Engine.Kubernetes.K8sWorkloadHealth";
    public const string K8sWorkloadChange = "VaultRunbook.Engine.Kubernetes.K8sWorkloadChange";
    public const string RunbookIncident = "VaultRunbook.Engine.Incidents.RunbookIncident";
    public const string RunbookIncidentEntry = "VaultRunbook.Engine.Incidents.RunbookIncidentEntry";
    public const string K8sPodLogLine = "VaultRunbook.Engine.Kubernetes.K8sPodLogLine";
    public const string K8sPodIsolation = "VaultRunbook.Engine.Kubernetes.K8sPodIsolation";
    public const string K8sIncidentEvidence = "VaultRunbook.Engine.Kubernetes.K8sIncidentEvidence";
    public const string K8sConfigBackup = "VaultRunbook.Engine.Kubernetes.K8sConfigBackup";
    public const string K8sConfigRestoreItem = "VaultRunbook.Engine.Kubernetes.K8sConfigRestoreItem";
    public const string K8sSecretRotation = "VaultRunbook.Engine.Kubernetes.K8sSecretRotation";
    public const string K8sCanaryWeight = "VaultRunbook.Engine.Kubernetes.K8sCanaryWeight";
    public const string NotificationResult = "VaultRunbook.Engine.Notifications.NotificationResult";
    public const string RunbookMetricsExport = "VaultRunbook.Engine.Metrics.RunbookMetricsExport";
    public const string SecretLeakFinding = "VaultRunbook.Engine.Leaks.SecretLeakFinding";
}
