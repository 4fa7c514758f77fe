# Pester 5 scenario for the incident layer (issue 14): a Sev2 incident is opened, the health check and the kill-switch
# step are piped onto its timeline, a note marks it mitigated, the post-incident checklist is run against the real
# state (journal, rollout state, the sandbox's health) and refuses to close while the kill switch is on, then closes,
# and the report is written into a docs folder. Runs under real Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests).

Describe 'Incident runbook: Sev2 from opening to report' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $work = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "incident-lifecycle-tests-$([guid]::NewGuid().ToString('N'))")
        $null = [System.IO.Directory]::CreateDirectory($work)
        $VaultRunbookJournalPath = Join-Path $work 'actions.jsonl'
        $rollout = Join-Path $work 'rollout.json'
        $incidents = Join-Path $work 'incidents'
        $docs = Join-Path $work 'docs' 'runbooks' 'incidents'
        $planted = 'hvs.CAESIPesterPlantedToken0123456789abc'
        $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $PSDefaultParameterValues = @{
            'New-RunbookIncident:Path' = $incidents
            'Add-RunbookIncidentEntry:Path' = $incidents
            'Get-RunbookIncident:Path' = $incidents
            'Close-RunbookIncident:Path' = $incidents
            'Close-RunbookIncident:RolloutConfigPath' = $rollout
            'Export-RunbookIncidentReport:IncidentFolder' = $incidents
            '*-KillSwitch:ConfigPath' = $rollout
        }
    }

    AfterAll {
        if ($sandbox) {
            $sandbox | Stop-VaultSandbox
            [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        }
        [System.IO.Directory]::Delete($work, $true)
    }

    It 'opens a Sev2 incident with the severity table''s deadlines' {
        $script:incident = New-RunbookIncident -Title 'vault 503s after a node restart' -Severity 2 -Confirm:$false
        $incident.Id | Should -Match '^INC-\d{8}-[0-9a-f]{6}$'
        $incident.Status | Should -Be 'Open'
        ($incident.RespondBy - $incident.OpenedAt) | Should -Be ([timespan]::FromHours(1))
        ($incident.EscalateBy - $incident.OpenedAt) | Should -Be ([timespan]::FromMinutes(30))
        (Get-VaultActionLog -Action NewIncident).Subject | Should -Be "$($incident.Id) Sev2: vault 503s after a node restart"
    }

    It 'records the health check and the kill-switch step piped into it' {
        $health = Get-VaultHealth -Address $sandbox.Address | Add-RunbookIncidentEntry -Incident $incident -Confirm:$false
        $health.Kind | Should -Be 'VaultHealth'
        $health.Summary | Should -Be "$($sandbox.Address) is Active (v$((Get-VaultHealth -Address $sandbox.Address).Version))"
        $switch = Enable-KillSwitch -Reason 'vault 503s' -Confirm:$false | Add-RunbookIncidentEntry -Incident $incident -Confirm:$false
        $switch.Kind | Should -Be 'Rollout'
        $switch.Severity | Should -Be 'Warning'
        $switch.Properties['KillSwitch'] | Should -Be 'true'
    }

    It 'takes a note that marks it mitigated, with a pasted token redacted' {
        $note = $incident | Add-RunbookIncidentEntry -Note "services on env values; leaked $planted rotated" -Milestone Mitigated -Confirm:$false
        $note.Milestone | Should -Be 'Mitigated'
        $note.Summary | Should -Be 'services on env values; leaked [redacted] rotated'
        (Get-RunbookIncident -Id $incident.Id).MitigatedAt | Should -Be $note.Time
    }

    It 'refuses to close while the kill switch is on, and says why' {
        $closing = Close-RunbookIncident -Id $incident.Id -Address $sandbox.Address -Confirm:$false -ErrorAction SilentlyContinue -ErrorVariable refused
        $closing | Should -BeNullOrEmpty
        $refused[0].FullyQualifiedErrorId | Should -BeLike 'VaultRunbook.Incident.ChecklistFailed*'
        $refused[0].Exception.Message | Should -BeLike '*KillSwitchOff Failed (kill switch on*'
        (Get-RunbookIncident -Id $incident.Id).Status | Should -Be 'Open'
    }

    It 'closes once the kill switch is off, every item checked against the real state' {
        Disable-KillSwitch -Reason 'vault back' -Confirm:$false | Add-RunbookIncidentEntry -Incident $incident -Confirm:$false | Out-Null
        $script:closed = $incident | Close-RunbookIncident -Address $sandbox.Address -Confirm:$false
        $closed.Status | Should -Be 'Closed'
        $closed.Checklist.Name | Should -Be @('FallbackKeyRotated', 'NoFallbackSignatures', 'KillSwitchOff', 'VaultHealthy', 'RootTokenRevoked')
        $closed.Checklist | ForEach-Object { $_.Outcome | Should -Be 'Passed' }
        ($closed.Checklist | Where-Object Name -eq VaultHealthy).CheckedBy | Should -Be 'vault'
        ($closed.Checklist | Where-Object Name -eq KillSwitchOff).CheckedBy | Should -Be 'rollout state'
        $closed.Entries.Kind | Should -Be @('VaultHealth', 'Rollout', 'Note', 'Checklist', 'Rollout')
        Get-RunbookIncident -Status Open | Should -BeNullOrEmpty
    }

    It 'writes the report into the docs folder, with every section and no secret' {
        $files = $closed | Export-RunbookIncidentReport -Format Markdown, Html -Path $docs -Confirm:$false
        $files.Name | Should -Be @(
            "$($closed.OpenedAt.UtcDateTime.ToString('yyyy-MM-dd'))-$($closed.Id)-vault-503s-after-a-node-restart.md"
            "$($closed.OpenedAt.UtcDateTime.ToString('yyyy-MM-dd'))-$($closed.Id)-vault-503s-after-a-node-restart.html")
        $markdown = Get-Content -LiteralPath $files[0].FullName -Raw
        foreach ($section in '## Timeline', '## Actions taken', '## Time to mitigate and resolve', '## Post-incident checklist') {
            $markdown | Should -BeLike "*$section*"
        }
        $markdown | Should -BeLike '*| KillSwitchOff | Passed |*'
        Get-ChildItem -Recurse -File $work | ForEach-Object { Get-Content -LiteralPath $_.FullName -Raw } | Should -Not -Match ([regex]::Escape($planted))
    }
}
