using System.Management.Automation;
using VaultRunbook.Cmdlets.Common;
using VaultRunbook.Engine.Kubernetes;

namespace VaultRunbook.Cmdlets.Kubernetes;

/// <summary>
/// <para type="synopsis">Saves a security incident's evidence about pods into a new folder, with a manifest of sha256 hashes.</para>
/// <para type="description">Writes, for the pods named or selected (piped pods are gathered into the one folder):
/// each pod's manifest (pods/NAME/pod.json, managedFields stripped), a describe-like summary (describe.txt), the log
/// of every container and, when there is one, of its previous instance (logs/CONTAINER.log,
/// logs/CONTAINER.previous.log, with timestamps); the namespace's events about those pods (events.json) and its
/// network policies (networkpolicies.json); and manifest.json with the size and sha256 of every file. The output
/// carries the sha256 of manifest.json, to note in the incident record. The folder must not exist: evidence is
/// never overwritten or added to. It is built in a hidden sibling folder and renamed into place, so it appears
/// whole or not at all; a failure leaves nothing behind. Pod and container names are made safe as file names and
/// nothing is written outside the folder. No Secret is read: environment variables and volumes show only the
/// names of the secrets they refer to, and literal environment values are redacted. Recorded in the action journal.</para>
/// <example><code>Set-K8sPodIsolation -Namespace auth -Selector app=auth-api -Confirm:$false | Save-K8sIncidentEvidence -Path ./INC-2291-evidence</code><para>Isolates the auth-api pods, then saves their manifests, logs (with the previous containers'), events and the namespace's network policies into a new folder.</para></example>
/// <example><code>(Save-K8sIncidentEvidence -Namespace auth -Name auth-api-7c9d8-x2k4q -Path ./INC-2291).Sha256</code><para>Saves one pod's evidence and shows the sha256 of its manifest.json for the incident record.</para></example>
/// </summary>
[Cmdlet(VerbsData.Save, "K8sIncidentEvidence", SupportsShouldProcess = true, DefaultParameterSetName = "ByName")]
[OutputType(EngineTypeNames.K8sIncidentEvidence)]
public sealed class SaveK8sIncidentEvidenceCommand : KubePodCmdlet
{
    private readonly List<string> _pods = new();
    private string? _namespace;

    /// <summary>The evidence folder to create; it must not exist, its parent must.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        var ns = NamespaceOrDefault(Namespace);
        if (_namespace is not null && _namespace != ns)
        {
            ThrowTerminatingError(ErrorRecords.Create("VaultRunbook.K8s.EvidenceNamespaceMixed", ErrorCategory.InvalidArgument, $"One evidence folder holds the pods of one namespace; {_namespace} and {ns} were both given. Save each namespace into its own folder.", ns));
        }

        _namespace = ns;
        foreach (var pod in PodNames(ns).Where(p => !_pods.Contains(p, StringComparer.Ordinal)))
        {
            _pods.Add(pod);
        }
    }

    protected override void EndProcessing()
    {
        if (_namespace is null || _pods.Count == 0)
        {
            return;
        }

        var ns = _namespace;
        var folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (!ShouldProcess(folder, $"Save the evidence of {_pods.Count} pod(s) of namespace {ns}"))
        {
            return;
        }

        var subject = string.Join(",", _pods);
        try
        {
            var evidence = Run(ct => IncidentEvidenceService.SaveAsync(Connection, ns, _pods, folder, DateTimeOffset.UtcNow, ct));
            JournalPod("K8sEvidence", ns, subject, "Saved", $"{evidence.Files.Count} files in {evidence.Path}, manifest.json sha256 {evidence.Sha256}");
            foreach (var gap in evidence.Gaps)
            {
                WriteWarning($"Not in the evidence: {gap}");
            }

            WriteObject(evidence);
        }
        catch (KubeException ex)
        {
            JournalPod("K8sEvidence", ns, subject, "Failed", null, ex);
            WriteEngineError(ex, folder);
        }
    }
}
