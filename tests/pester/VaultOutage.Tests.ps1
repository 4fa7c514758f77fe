# Pester 5 scenario for the outage runbook's Vault part. Runs under real Pester
# 5.9.1 (tests/unit/VaultRunbook.Pester.Tests).

Describe 'Vault outage runbook: detect and unseal' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        # Vault does not audit unseal: the module records its own actions, here in a journal of this run.
        $VaultRunbookJournalPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "vault-outage-tests-$([guid]::NewGuid().ToString('N')).jsonl")
        $sandbox = Start-VaultSandbox -Shares 5 -Threshold 3
    }

    AfterAll {
        if ($sandbox) {
            $sandbox | Stop-VaultSandbox
            [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        }
        [System.IO.File]::Delete($VaultRunbookJournalPath)
    }

    It 'reports a freshly started node as Sealed with code 503, not as an error' {
        $health = $sandbox | Get-VaultHealth -ErrorVariable problems
        $health.Status | Should -Be 'Sealed'
        $health.StatusCode | Should -Be 503
        $problems | Should -HaveCount 0
    }

    It 'writes the key and token files owner-only' {
        if ($IsWindows) { return }
        # 0600: read and write for the owner, nothing for group or others
        [int][System.IO.File]::GetUnixFileMode($sandbox.UnsealKeysPath) | Should -Be 384
        [int][System.IO.File]::GetUnixFileMode($sandbox.RootTokenPath) | Should -Be 384
    }

    It 'changes nothing with -WhatIf' {
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath -WhatIf | Should -BeNullOrEmpty
        ($sandbox | Get-VaultSealStatus).Progress | Should -Be 0
    }

    It 'unseals the sealed node through the pipeline' {
        $status = $sandbox | Get-VaultHealth | Where-Object Sealed | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath
        $status.Sealed | Should -BeFalse
        $health = $sandbox | Get-VaultHealth
        $health.Status | Should -Be 'Active'
        $health.StatusCode | Should -Be 200
    }

    It 'fails a health assertion for a sealed node and passes it for an active one' {
        { $sandbox | Get-VaultHealth -Assert } | Should -Not -Throw
        $sandbox | Restart-VaultSandbox | Out-Null
        { $sandbox | Get-VaultHealth -Assert } | Should -Throw
    }

    It 'comes back sealed after a restart and unseals with the same keys' {
        $before = $sandbox | Get-VaultHealth
        $before.Sealed | Should -BeTrue
        $after = $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Get-VaultHealth
        $after.Status | Should -Be 'Active'
        $after.Address | Should -Be $sandbox.Address
    }

    It 'records both unseals in its action journal, with no key material' {
        $records = @(Get-VaultActionLog -Address $sandbox.Address -Action Unseal)
        $records | Should -HaveCount 2
        ($records.Outcome -join ',') | Should -Be 'Unsealed,Unsealed'
        $records[0].User | Should -Be ([Environment]::UserName)
        $journal = [System.IO.File]::ReadAllText($VaultRunbookJournalPath)
        foreach ($line in [System.IO.File]::ReadAllLines($sandbox.UnsealKeysPath)) {
            $share = $line.Trim()
            if ($share -and -not $share.StartsWith('#')) { $journal.Contains($share) | Should -BeFalse }
        }
    }

    It 'reports an unreachable node and goes on with the others' {
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start()
        $deadPort = $listener.LocalEndpoint.Port
        $listener.Stop()
        $results = Get-VaultHealth -Address $sandbox.Address, "http://127.0.0.1:$deadPort"
        $results | Should -HaveCount 2
        $results[0].Status | Should -Be 'Active'
        $results[1].Status | Should -Be 'Unreachable'
        $results[1].Reason | Should -Be 'connection refused'
    }

    It 'refuses an address without a scheme with a stable error id' {
        { Get-VaultHealth -Address 'vault.internal:8200' } | Should -Throw -ErrorId 'VaultRunbook.Vault.InvalidAddress*'
    }
}
