# Pester 5 scenario for the scheduled checks of issue 14: a health check written for node_exporter's textfile
# collector, one Slack-compatible message about what is unhealthy, and the weekly leak scan. Runs under real
# Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests). A second sandbox, faulted to answer 200 to everything, stands
# in for the webhook.

Describe 'Scheduled checks: metrics, notification, leak scan' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-pester-notify-').FullName
        $VaultRunbookJournalPath = Join-Path $work 'actions.jsonl'
        $up = Start-VaultSandbox -Shares 1 -Threshold 1
        $up | Invoke-VaultUnseal -KeyFile $up.UnsealKeysPath | Out-Null
        $sealed = Start-VaultSandbox -Shares 1 -Threshold 1
        $hook = Start-VaultSandbox -Shares 1 -Threshold 1
        $null = $hook | Add-VaultSandboxFault -Kind Status -StatusCode 200
        $hookUri = "$($hook.Address)/services/T000/B000/pesterHookSecret"
        $health = @($up, $sealed | Get-VaultHealth)
    }

    AfterAll {
        foreach ($sandbox in @($up, $sealed, $hook)) {
            if ($sandbox) {
                $sandbox | Stop-VaultSandbox
                [System.IO.Directory]::Delete($sandbox.DataPath, $true)
            }
        }
        if ($work) { [System.IO.Directory]::Delete($work, $true) }
    }

    It 'writes vault_up and vault_sealed per node with HELP and TYPE lines' {
        $prom = Join-Path $work 'vault.prom'
        $export = $health | Export-RunbookMetrics -Path $prom
        $export.Objects | Should -Be 2
        $lines = Get-Content $prom
        $lines | Should -Contain '# TYPE vault_up gauge'
        $lines | Should -Contain "vault_up{address=`"$($up.Address)`"} 1"
        $lines | Should -Contain "vault_up{address=`"$($sealed.Address)`"} 0"
        $lines | Should -Contain "vault_sealed{address=`"$($sealed.Address)`"} 1"
        ($lines | Where-Object { $_ -like 'vaultrunbook_last_check_timestamp_seconds *' }) | Should -HaveCount 1
    }

    It 'posts one message about the unhealthy node and records it by scheme and host only' {
        $result = $health | Where-Object { -not $_.IsHealthy } | Send-RunbookNotification -WebhookUri $hookUri -Channel '#docugen-alerts' -Title 'Pester: unhealthy'
        $result.Sent | Should -BeTrue
        $result.Objects | Should -Be 1
        $result.Endpoint | Should -BeExactly $hook.Address
        $logged = Get-VaultActionLog -Action SendNotification
        $logged.Outcome | Should -Be 'Sent'
        Get-Content $VaultRunbookJournalPath -Raw | Should -Not -Match 'pesterHookSecret'
    }

    It 'refuses plain http to a remote host' {
        { 'x' | Send-RunbookNotification -WebhookUri 'http://hooks.example.com/services/T0/B0/x' -ErrorAction Stop } |
            Should -Throw -ErrorId 'VaultRunbook.Notification.InsecureUri*'
    }

    It 'finds a planted token, shows it masked, and fails the gate with -Assert' {
        $logs = New-Item -ItemType Directory -Path (Join-Path $work 'logs')
        $token = 'hvs.' + [guid]::NewGuid().ToString('N') + 'pester'
        Set-Content -Path (Join-Path $logs 'app.log') -Value @('ok', "token=$token")
        $found = @(Find-RunbookSecretLeak -Path $logs.FullName)
        $found | Should -HaveCount 1
        $found[0].Line | Should -Be 2
        $found[0].Preview | Should -BeExactly 'hvs.***'
        ($found | Format-List * | Out-String) | Should -Not -Match ([regex]::Escape($token.Substring(4)))
        { Find-RunbookSecretLeak -Path $logs.FullName -Assert } | Should -Throw -ErrorId 'VaultRunbook.LeakScan.SecretFound*'
    }
}
