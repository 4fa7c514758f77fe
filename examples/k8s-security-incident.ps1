<#
.SYNOPSIS
    The Kubernetes runbook's security incident: find the suspicious pods in the logs, contain them (out of their
    services, behind a deny-all network policy), save the evidence with a sha256 manifest, and with -Release put the
    pods back once the incident is closed.
.DESCRIPTION
    Against a real cluster, give -KubeConfig (and -Context, -Namespace, -Selector, -Pattern, -EvidencePath). Without
    -KubeConfig the example runs as a drill against the fake Kubernetes API server of the tests
    (tests/peers/VaultRunbook.FakeKube, built by `dotnet build`), where one auth-api pod logs a burst of failed logins;
    the drill releases it at the end. When neither is available it says what it needs and exits 0.
.EXAMPLE
    ./examples/k8s-security-incident.ps1 -KubeConfig ~/.kube/config -Context prod -Namespace auth -Selector app=auth-api -Pattern authentication_failed -EvidencePath ./INC-2291
#>
param(
    [string] $KubeConfig,
    [string] $Context,
    [string] $Namespace = 'auth',
    [string] $Selector = 'app=auth-api',
    [string] $Pattern = 'authentication_failed',
    [TimeSpan] $Since = (New-TimeSpan -Hours 1),
    [string] $EvidencePath,
    [switch] $Release
)

. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')
$ErrorActionPreference = 'Stop'

$drill = $null
if (-not $KubeConfig) {
    $drill = Start-VaultRunbookDrillCluster
    if (-not $drill) {
        Write-Output 'SKIP k8s-security-incident: no cluster given (-KubeConfig) and the drill cluster is not built (dotnet build tests/peers/VaultRunbook.FakeKube).'
        exit 0
    }

    $null = $drill.AddDeployment($Namespace, 'auth-api', 3, 'registry.example.com/auth-api:2.1.0', $null, $false)
    $null = $drill.AddService($Namespace, 'auth-api', '', 80)
    $pods = @($drill.List('Pod', $Namespace) | ForEach-Object { $_['metadata']['name'].GetValue[string]() } | Sort-Object)
    foreach ($pod in $pods) { $drill.AddLogLines($Namespace, $pod, 'app', [string[]]@('GET /health 200', 'POST /login 200 user=ann'), $false, $null) }
    $drill.AddLogLines($Namespace, $pods[0], 'app', [string[]]@('POST /login 401 authentication_failed user=admin', 'POST /login 401 authentication_failed user=root'), $false, $null)
    $drillFolder = New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) "k8s-security-drill-$([guid]::NewGuid().ToString('N'))")
    $KubeConfig = $drill.WriteKubeconfig((Join-Path $drillFolder 'kubeconfig'), $Namespace, 'drill')
    $VaultRunbookJournalPath = Join-Path $drillFolder 'actions.jsonl'
    $EvidencePath = Join-Path $drillFolder 'INC-drill-evidence'
    $Release = $true
    Write-Output "Drill: a fake cluster at $($drill.Server) where pod $($pods[0]) logs failed logins."
}

try {
    $connection = @{ KubeConfig = $KubeConfig }
    if ($Context) { $connection.Context = $Context }
    if (-not $EvidencePath) { $EvidencePath = Join-Path (Get-Location) "k8s-evidence-$((Get-Date).ToUniversalTime().ToString('yyyyMMddTHHmmssZ'))" }

    # 1. Detect: the runbook's `kubectl logs -l $Selector --since=1h | grep $Pattern`, counted per pod.
    $hits = @(Get-K8sPodLog @connection -Namespace $Namespace -Selector $Selector -Since $Since -Pattern $Pattern)
    $hits | Group-Object Pod | Select-Object Count, Name | Format-Table | Out-String -Width 120 | Write-Output
    $suspects = @($hits | Select-Object -Unique Namespace, Pod)
    if ($suspects.Count -eq 0) {
        Write-Output "PASS no pod of $Namespace ($Selector) logged '$Pattern' in the last $Since."
        return
    }

    # 2. Contain: out of the services and controller, behind the deny-all policy.
    $isolated = @($suspects | Set-K8sPodIsolation @connection -Confirm:$false)
    $isolated | Format-Table | Out-String -Width 120 | Write-Output

    # 3. Evidence: manifests, logs (previous containers too), events, policies; note the manifest's sha256.
    $saved = $isolated | Save-K8sIncidentEvidence @connection -Path $EvidencePath
    $saved | Format-List | Out-String -Width 120 | Write-Output

    # 4. Release (the drill, or -Release once the incident is closed).
    if ($Release) {
        $isolated | Set-K8sPodIsolation @connection -Undo -Confirm:$false | Format-Table | Out-String -Width 120 | Write-Output
    }

    Write-Output "DONE $($isolated.Count) pod(s) contained; evidence in $($saved.Path) (manifest.json sha256 $($saved.Sha256))$(if ($drill) { '; the drill removes it with its cluster' })."
}
finally {
    if ($drill) {
        $drill.Dispose()
        Remove-Item -Recurse -Force $drillFolder -ErrorAction Ignore
    }
}
