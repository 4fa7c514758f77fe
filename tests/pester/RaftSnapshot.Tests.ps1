# Pester 5 scenario for the raft snapshot runbook: snapshot before a risky change, the change breaks something,
# restore the snapshot, verify the old data is back. Runs under real Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests).

Describe 'Raft snapshot before a risky change' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-pester-raft-').FullName
        $global:VaultRunbookJournalPath = [System.IO.Path]::Combine($work, 'actions.jsonl')
        $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $root = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
        $vault = @{ Address = $sandbox.Address; Token = $root }
        $snapshotPath = [System.IO.Path]::Combine($work, 'before-change.snap')

        Set-VaultSecret @vault -Path secret/app/database -Data @{ pg_password = 'known-good' } | Out-Null
        Set-VaultSecret @vault -Path secret/app/api -Data @{ key = 'api-key-1' } | Out-Null
    }

    AfterAll {
        Remove-Variable -Name VaultRunbookJournalPath -Scope Global -ErrorAction SilentlyContinue
        if ($sandbox) {
            $sandbox | Stop-VaultSandbox
            [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        }
        if ($work) { [System.IO.Directory]::Delete($work, $true) }
    }

    It 'finds this node leading a raft configuration of one voter' {
        $peers = @(Get-VaultRaftConfiguration @vault)
        $peers | Should -HaveCount 1
        $peers[0].Leader | Should -BeTrue
        $peers[0].Voter | Should -BeTrue
        $peers[0].Address | Should -Be $sandbox.Address
    }

    It 'takes a snapshot, owner-only, that matches its checksum' {
        $script:snapshot = Save-VaultRaftSnapshot @vault -Path $snapshotPath
        $snapshot.Path | Should -Be $snapshotPath
        $snapshot.Length | Should -Be (Get-Item $snapshotPath).Length
        $snapshot.Sha256 | Should -Be (Get-FileHash -Algorithm SHA256 $snapshotPath).Hash.ToLowerInvariant()
        if (-not $IsWindows) {
            (Get-Item $snapshotPath).UnixFileMode | Should -Be ([System.IO.UnixFileMode]'UserRead, UserWrite')
        }
    }

    It 'refuses to overwrite the snapshot without -Force' {
        { Save-VaultRaftSnapshot @vault -Path $snapshotPath -ErrorAction Stop } | Should -Throw -ErrorId 'VaultRunbook.Raft.SnapshotExists*'
        (Get-FileHash -Algorithm SHA256 $snapshotPath).Hash.ToLowerInvariant() | Should -Be $snapshot.Sha256
    }

    It 'restores the data the risky change broke' {
        # The risky change goes wrong: the password is overwritten and the API secret deleted for good.
        Set-VaultSecret @vault -Path secret/app/database -Data @{ pg_password = 'broken' } | Out-Null
        Remove-VaultSecret @vault -Path secret/app/api -Destroy -Version 1 -Confirm:$false | Out-Null
        (Get-VaultSecret @vault -Path secret/app/database -AsPlainText).Data.pg_password | Should -Be 'broken'

        $restored = $snapshot | Restore-VaultRaftSnapshot -Token $root -Confirm:$false
        $restored.Sealed | Should -BeFalse
        $restored.Forced | Should -BeFalse

        (Get-VaultSecret @vault -Path secret/app/database -AsPlainText).Data.pg_password | Should -Be 'known-good'
        (Get-VaultSecret @vault -Path secret/app/api -AsPlainText).Data.key | Should -Be 'api-key-1'
    }

    It 'refuses a damaged snapshot and leaves the data as it is' {
        $bytes = [System.IO.File]::ReadAllBytes($snapshotPath)
        $damaged = [System.IO.Path]::Combine($work, 'damaged.snap')
        [System.IO.File]::WriteAllBytes($damaged, $bytes[0..([int]($bytes.Length / 2))])
        Set-VaultSecret @vault -Path secret/app/database -Data @{ pg_password = 'after-restore' } | Out-Null

        { Restore-VaultRaftSnapshot @vault -Path $damaged -Confirm:$false -ErrorAction Stop } | Should -Throw '*failed to read snapshot file*'

        (Get-VaultSecret @vault -Path secret/app/database -AsPlainText).Data.pg_password | Should -Be 'after-restore'
    }

    It 'records the snapshot and the restore in the action journal' {
        $actions = Get-VaultActionLog | Where-Object Action -like 'RaftSnapshot*'
        ($actions | Where-Object Action -eq 'RaftSnapshotSave' | Select-Object -First 1).Outcome | Should -Be 'Saved'
        ($actions | Where-Object { $_.Action -eq 'RaftSnapshotRestore' -and $_.Outcome -eq 'Restored' }) | Should -Not -BeNullOrEmpty
        ($actions | Where-Object { $_.Action -eq 'RaftSnapshotRestore' -and $_.Outcome -eq 'Failed' }) | Should -Not -BeNullOrEmpty
    }
}
