<#
.SYNOPSIS
    The daily (or every-minute) health check for a scheduler: Vault health, optionally Kubernetes workload health and
    the rollout state, written as Prometheus metrics for node_exporter's textfile collector, and one Slack message when
    something is unhealthy.

.DESCRIPTION
    1. Get-VaultHealth on every node (-Address, else VAULT_ADDR): a sealed, uninitialised or unreachable node is unhealthy.
    2. With -KubeConfig: Get-K8sWorkloadHealth of -Namespace.
    3. With -RolloutConfigPath: Get-VaultRollout (kill switch, canary percent).
    4. Export-RunbookMetrics to -MetricsPath (vault_up, vault_sealed, vaultrunbook_kill_switch_active,
       vaultrunbook_canary_percent, vaultrunbook_last_check_timestamp_seconds), atomically, for Grafana's Vault Health panel.
    5. When anything is unhealthy: one Send-RunbookNotification to -WebhookUri (else VAULT_RUNBOOK_WEBHOOK_URI) listing
       each problem; nothing is sent when all is well. Without a webhook, a warning says what would have been sent.
    6. With -Assert, exits 1 when anything is unhealthy, so cron mails, systemd marks the unit failed and Task
       Scheduler shows the last result.

    Without -Address and VAULT_ADDR the script runs as a drill: two sandbox nodes, one left sealed, metrics in a temp
    file, and the notification shown with -WhatIf instead of sent. Scheduling (cron, a systemd timer, Windows Task
    Scheduler): docs/scheduling.md.

.EXAMPLE
    pwsh -NoProfile -File ./examples/daily-health-check.ps1 -Address https://vault-1:8200, https://vault-2:8200 -MetricsPath /var/lib/node_exporter/textfile_collector/vault.prom -Assert
#>
[CmdletBinding()]
param(
    [string[]] $Address,
    [string] $KubeConfig,
    [string] $Namespace = 'app',
    [string] $RolloutConfigPath,
    [string] $MetricsPath = $(if ($env:VAULT_RUNBOOK_METRICS_PATH) { $env:VAULT_RUNBOOK_METRICS_PATH } else { '/var/lib/node_exporter/textfile_collector/vault.prom' }),
    [string] $WebhookUri = $env:VAULT_RUNBOOK_WEBHOOK_URI,
    [string] $Channel = '#docugen-alerts',
    [switch] $Assert
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

$drill = -not $Address -and -not $env:VAULT_ADDR
$sandboxes = @()
$work = $null
if ($drill) {
    $work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-daily-').FullName
    $VaultRunbookJournalPath = Join-Path $work 'actions.jsonl'
    $sandboxes = @(Start-VaultSandbox -Shares 1 -Threshold 1; Start-VaultSandbox -Shares 1 -Threshold 1)
    $sandboxes[0] | Invoke-VaultUnseal -KeyFile $sandboxes[0].UnsealKeysPath | Out-Null
    $Address = @($sandboxes | ForEach-Object Address) # not $sandboxes.Address: arrays have an Address method
    $MetricsPath = Join-Path $work 'vault.prom'
    $RolloutConfigPath = Join-Path $work 'rollout.json'
    Set-VaultCanary -ConfigPath $RolloutConfigPath -Percent 25 -Mode Dual -Reason 'daily check drill' -Confirm:$false
    "Drill: two sandbox nodes, $($Address[1]) left sealed; metrics in $MetricsPath."
}

try {
    $checks = [System.Collections.Generic.List[object]]::new()
    $problems = [System.Collections.Generic.List[object]]::new()

    $health = @(Get-VaultHealth -Address $Address -StandbyOk -ErrorAction Continue)
    $checks.AddRange([object[]]$health)
    $health | Where-Object { -not $_.IsHealthy } | ForEach-Object { $problems.Add($_) }
    $health | Format-Table | Out-String -Width 120

    if ($KubeConfig) {
        $workloads = Get-K8sWorkloadHealth -KubeConfig $KubeConfig -Namespace $Namespace
        $workloads | Format-Table | Out-String -Width 120
        if (-not $workloads.Healthy) { $problems.Add($workloads) }
    }

    if ($RolloutConfigPath) {
        $rollout = Get-VaultRollout -ConfigPath $RolloutConfigPath
        $checks.Add($rollout)
        if ($rollout.KillSwitch) { $problems.Add($rollout) }
        "Rollout: $rollout"
    }

    $export = $checks | Export-RunbookMetrics -Path $MetricsPath
    "Metrics: $export"
    if ($drill) { Get-Content $MetricsPath }

    if ($problems.Count -eq 0) {
        "Healthy: $($health.Count) Vault node(s)$(if ($KubeConfig) { " and namespace $Namespace" }); no notification sent."
    }
    else {
        $title = "Daily health check: $($problems.Count) problem(s)"
        if ($drill) {
            # A drill shows the message instead of posting it.
            $problems | Send-RunbookNotification -WebhookUri 'https://hooks.slack.com/services/DRILL/DRILL/drill' -Channel $Channel -Title $title -WhatIf
        }
        elseif ($WebhookUri) {
            $problems | Send-RunbookNotification -WebhookUri $WebhookUri -Channel $Channel -Title $title | Format-Table | Out-String -Width 120
        }
        else {
            Write-Warning "$title, and no webhook to tell (give -WebhookUri or set VAULT_RUNBOOK_WEBHOOK_URI)."
        }

        "Unhealthy: $(($problems | ForEach-Object { if ($_.Address) { "$($_.Address) is $($_.Status)" } else { "$_" } }) -join '; ')"
        if ($Assert -and -not $drill) { exit 1 }
    }
}
finally {
    foreach ($sandbox in $sandboxes) {
        $sandbox | Stop-VaultSandbox
        [System.IO.Directory]::Delete($sandbox.DataPath, $true)
    }

    if ($work) { [System.IO.Directory]::Delete($work, $true) }
}
