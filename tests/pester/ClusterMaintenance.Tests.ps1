# Pester 5 scenario for HA cluster maintenance: start a 3-node sandbox, unseal every node, find the leader, step it
# down and verify that a standby took over. Runs under real Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests).

Describe 'Cluster maintenance runbook: step the leader down and verify' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        # Vault audits only the request of a step-down: the module records the action, here in a journal of this run.
        $VaultRunbookJournalPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "cluster-maintenance-tests-$([guid]::NewGuid().ToString('N')).jsonl")
        $nodes = Start-VaultSandbox -Nodes 3 -Shares 3 -Threshold 2
        # (An array's .Address is the CLR array method, not member enumeration: take the property by ForEach-Object.)
        $addresses = $nodes | ForEach-Object Address
        $root = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($nodes[0].RootTokenPath).Trim()).SecurePassword
    }

    AfterAll {
        if ($nodes) {
            $nodes | Stop-VaultSandbox
            [System.IO.Directory]::Delete($nodes[0].DataPath, $true)
        }
        [System.IO.File]::Delete($VaultRunbookJournalPath)
    }

    It 'starts every node sealed, on one store' {
        $nodes | Should -HaveCount 3
        ($nodes | Get-VaultHealth).Status | Should -Be @('Sealed', 'Sealed', 'Sealed')
        ($nodes.DataPath | Select-Object -Unique) | Should -HaveCount 1
    }

    It 'unseals each node with the shared key file; the first one unsealed leads' {
        $nodes | ForEach-Object { $_ | Invoke-VaultUnseal -KeyFile $_.KeyFile } | Out-Null
        $health = $nodes | Get-VaultHealth
        $health.StatusCode | Should -Be @(200, 429, 429)
        $nodes.HaMode | Should -Be @('active', 'standby', 'standby')
    }

    It 'names the same leader on every node' {
        $leaders = Get-VaultLeader -Address $nodes
        ($leaders.LeaderAddress | Select-Object -Unique) | Should -Be $nodes[0].Address
        ($leaders | Where-Object IsSelf).Address | Should -Be $nodes[0].Address
    }

    It 'lists the nodes through a standby (the request is forwarded to the leader)' {
        $ha = Get-VaultHAStatus -Address $nodes[2] -Token $root
        ($ha | ForEach-Object Address) | Should -Be $addresses
        ($ha | Where-Object ActiveNode).Address | Should -Be $nodes[0].Address
    }

    It 'steps the leader down: a standby takes over and the old leader is a standby' {
        $result = Get-VaultLeader -Address $nodes | Where-Object IsSelf | Invoke-VaultStepDown -Token $root -Confirm:$false
        $result.TookOver | Should -BeTrue
        $result.PreviousLeader | Should -Be $nodes[0].Address
        $result.Leader | Should -BeIn $addresses[1..2]
        ($nodes[0] | Get-VaultHealth).StatusCode | Should -Be 429
        (Get-VaultLeader -Address $nodes[0]).LeaderAddress | Should -Be $result.Leader
    }

    It 'records the step-down in the action journal, with no token' {
        $record = Get-VaultActionLog | Where-Object Action -eq 'StepDown' | Select-Object -Last 1
        $record.Outcome | Should -Be 'TookOver'
        $record.Address | Should -Be $nodes[0].Address
        [System.IO.File]::ReadAllText($VaultRunbookJournalPath) | Should -Not -Match ([regex]::Escape([System.IO.File]::ReadAllText($nodes[0].RootTokenPath).Trim()))
    }

    It 'keeps the leader while a standby restarts' {
        $leader = (Get-VaultLeader -Address $nodes[0]).LeaderAddress
        $standby = $nodes | Where-Object { $_.Address -ne $leader } | Select-Object -First 1
        $standby | Restart-VaultSandbox | Out-Null
        ($standby | Get-VaultHealth).Status | Should -Be 'Sealed'
        (Get-VaultLeader -Address ($nodes | Where-Object Address -eq $leader)).IsSelf | Should -BeTrue
    }
}
