<#
.SYNOPSIS
    The Kubernetes runbook's daily health check: deployments, pods, services and endpoints, ingresses, autoscalers
    and the last day's warning events of a namespace, ending with a pass/fail line (exit 1 on fail with -Assert).
.DESCRIPTION
    Against a real cluster, give -KubeConfig (and -Context, -Namespace). Without -KubeConfig the example runs as a
    drill against the fake Kubernetes API server of the tests (tests/peers/VaultRunbook.FakeKube, built by
    `dotnet build`), with one crash-looping deployment that the drill restarts. When neither is available it says what
    it needs and exits 0.
.EXAMPLE
    ./examples/k8s-daily-health.ps1 -KubeConfig ~/.kube/config -Context prod -Namespace app -Assert
#>
param(
    [string] $KubeConfig,
    [string] $Context,
    [string] $Namespace = 'app',
    [switch] $Assert
)

. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')
$ErrorActionPreference = 'Stop'

$drill = $null
if (-not $KubeConfig) {
    $drill = Start-VaultRunbookDrillCluster
    if (-not $drill) {
        Write-Output 'SKIP k8s-daily-health: no cluster given (-KubeConfig) and the drill cluster is not built (dotnet build tests/peers/VaultRunbook.FakeKube).'
        exit 0
    }

    $null = $drill.AddDeployment($Namespace, 'api', 2, 'registry.example.com/api:4.2.0', $null, $false)
    $null = $drill.AddDeployment($Namespace, 'worker', 1, '', $null, $false)
    $null = $drill.AddService($Namespace, 'api', '', 80)
    $null = $drill.AddIngress($Namespace, 'public', 'api.example.com', 'api', 80)
    $null = $drill.AddHorizontalPodAutoscaler($Namespace, 'api', 'api', 2, 6, 2, 2)
    $drill.BreakPods($Namespace, 'worker', 5)
    $drillFolder = New-Item -ItemType Directory -Path (Join-Path ([System.IO.Path]::GetTempPath()) "k8s-drill-$([guid]::NewGuid().ToString('N'))")
    $KubeConfig = $drill.WriteKubeconfig((Join-Path $drillFolder 'kubeconfig'), $Namespace, 'drill')
    $VaultRunbookJournalPath = Join-Path $drillFolder 'actions.jsonl'
    Write-Output "Drill: a fake cluster at $($drill.Server) with a crash-looping 'worker' deployment."
}

try {
    $connection = @{ KubeConfig = $KubeConfig }
    if ($Context) { $connection.Context = $Context }

    $health = Get-K8sWorkloadHealth @connection -Namespace $Namespace -EventHours 24
    $health | Format-Table | Out-String -Width 120 | Write-Output
    $health.Deployments | Format-Table | Out-String -Width 120 | Write-Output
    $health.Pods | Where-Object { -not $_.Healthy } | Format-Table | Out-String -Width 120 | Write-Output
    $health.Events | Where-Object Type -eq Warning | Select-Object -Last 10 | Format-Table | Out-String -Width 120 | Write-Output

    if ($drill -and -not $health.Healthy) {
        # The runbook's first mitigation for a crash-looping deployment: restart it and follow the rollout.
        $health.Deployments | Where-Object { -not $_.Healthy } | Restart-K8sDeployment @connection -Wait -TimeoutSec 120 |
            Format-Table | Out-String -Width 120 | Write-Output
        $health = Get-K8sWorkloadHealth @connection -Namespace $Namespace
    }

    if ($health.Healthy) {
        Write-Output "PASS namespace $Namespace is healthy."
    }
    else {
        Write-Output "FAIL namespace $Namespace`: $($health.Problems -join '; ')"
        if ($Assert) { Get-K8sWorkloadHealth @connection -Namespace $Namespace -Assert | Out-Null }
    }
}
finally {
    if ($drill) {
        $drill.Dispose()
        Remove-Item -Recurse -Force $drillFolder -ErrorAction Ignore
    }
}
