<#
.SYNOPSIS
    The "snapshot before a risky change" runbook as a drill: list the raft peers, save a snapshot, make a change
    that goes wrong, restore the snapshot, check the data is back.

.DESCRIPTION
    In the Markdown runbook this is `vault operator raft list-peers`, `vault operator raft snapshot save`, the
    change, then `vault operator raft snapshot restore`. Here a sandbox Vault stands in for the cluster: the snapshot
    file is written owner-only and atomically, its SHA-256 is recorded, the restore asks for confirmation (here
    given with -Confirm:$false) and both land in the action journal.
    Runs unchanged in pwsh 7.4+ and under VaultRunbook.Host.

.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/raft-snapshot-before-change.ps1
#>
[CmdletBinding()]
param()

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

$work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-raft-').FullName
$global:VaultRunbookJournalPath = [System.IO.Path]::Combine($work, 'actions.jsonl')
$sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
try {
    $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
    $token = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
    $PSDefaultParameterValues['*:Address'] = $sandbox.Address
    $PSDefaultParameterValues['*:Token'] = $token
    Set-VaultSecret -Path secret/app/db -Data @{ password = 'known-good' } | Out-Null

    'Raft peers:'
    Get-VaultRaftConfiguration | Format-Table NodeId, ClusterAddress, Leader, Voter | Out-String -Width 100

    $snapshot = Save-VaultRaftSnapshot -Path ([System.IO.Path]::Combine($work, 'before-change.snap'))
    "Snapshot saved: $($snapshot.Length) bytes, sha256 $($snapshot.Sha256)"

    # The risky change goes wrong.
    Set-VaultSecret -Path secret/app/db -Data @{ password = 'broken-by-the-change' } | Out-Null
    "After the change, the password is the right one: $((Get-VaultSecret -Path secret/app/db -AsPlainText).Data.password -eq 'known-good')"

    $restored = $snapshot | Restore-VaultRaftSnapshot -Confirm:$false
    $back = (Get-VaultSecret -Path secret/app/db -AsPlainText).Data.password -eq 'known-good'
    "Snapshot restored (node sealed afterwards: $($restored.Sealed)); the password is the right one: $back"
    if (-not $back) { throw 'The restore did not bring the old data back.' }

    ''
    'Action journal:'
    Get-VaultActionLog | Where-Object Action -like 'RaftSnapshot*' | ForEach-Object { "  $($_.Action) $($_.Outcome)" }
}
finally {
    $PSDefaultParameterValues.Remove('*:Address')
    $PSDefaultParameterValues.Remove('*:Token')
    Remove-Variable -Name VaultRunbookJournalPath -Scope Global -ErrorAction SilentlyContinue
    $sandbox | Stop-VaultSandbox
    [System.IO.Directory]::Delete($sandbox.DataPath, $true)
    [System.IO.Directory]::Delete($work, $true)
}
