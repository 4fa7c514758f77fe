<#
.SYNOPSIS
    Cluster maintenance on a Vault HA cluster, as a drill against a local 3-node sandbox: snapshot, step the leader
    down, verify.

.DESCRIPTION
    1. Start a 3-node sandbox cluster on one store. Every node starts sealed.
    2. Unseal each node with the key shares; the first one unsealed becomes active, the others standbys.
    3. Find the leader (Get-VaultLeader) and list the cluster (Get-VaultHAStatus, answered through a standby).
    4. Before the maintenance, write a marker secret and take a raft snapshot (Save-VaultRaftSnapshot: owner-only,
       atomic, with its SHA-256) to fall back on with Restore-VaultRaftSnapshot.
    5. Step the leader down (Invoke-VaultStepDown) and verify that a standby took over and that health reads
       200 on the new leader, 429 on the others, and that the new leader serves the marker written before.
    6. Show the module's journal of the snapshot and the step-down (Vault audits only the requests).

    Runs unchanged in pwsh 7.4+ and under VaultRunbook.Host (which is pwsh with the module bundled).

.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/cluster-maintenance.ps1
#>
[CmdletBinding()]
param(
    [ValidateRange(2, 9)] [int] $Nodes = 3
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

# The step-down is recorded in the module's action journal; a drill keeps its own.
$VaultRunbookJournalPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "cluster-maintenance-$PID.jsonl")

$snapshotPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "vault-before-maintenance-$PID.snap")
$cluster = Start-VaultSandbox -Nodes $Nodes -Shares 3 -Threshold 2
try {
    "Sandbox cluster of $Nodes nodes: $(($cluster | ForEach-Object Address) -join ', ')"
    $root = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($cluster[0].RootTokenPath).Trim()).SecurePassword

    # Each node is unsealed on its own with the shares.
    $cluster | ForEach-Object { $_ | Invoke-VaultUnseal -KeyFile $_.KeyFile } | Out-Null
    $cluster | Get-VaultHealth | Format-Table Address, Status, StatusCode | Out-String

    # Who leads? Every node names the same leader; a standby forwards ha-status to it.
    $leader = Get-VaultLeader -Address $cluster | Where-Object IsSelf
    "Leader before: $($leader.Address)"
    Get-VaultHAStatus -Address $cluster[-1] -Token $root | Out-String

    # Before the maintenance: a marker to check afterwards, and a snapshot of the whole cluster to fall back on.
    Set-VaultSecret -Address $leader.Address -Token $root -Path secret/maintenance/marker -Data @{ drill = "$PID" } | Out-Null
    $snapshot = Save-VaultRaftSnapshot -Address $leader.Address -Token $root -Path $snapshotPath
    "Snapshot before the step-down: $($snapshot.Path), $($snapshot.Length) bytes, SHA-256 $($snapshot.Sha256)"

    # Step down and verify: a standby must take over (TookOver), else the drill fails.
    $result = $leader | Invoke-VaultStepDown -Token $root -WaitSeconds 30 -Confirm:$false
    $result | Out-String
    if (-not $result.TookOver) { throw "No standby took over from $($result.PreviousLeader)." }

    $health = $cluster | Get-VaultHealth
    $newLeader = $health | Where-Object StatusCode -eq 200
    if (@($newLeader).Count -ne 1 -or $newLeader.Address -ne $result.Leader) {
        throw "Health does not show $($result.Leader) as the only active node."
    }
    "Leader after: $($newLeader.Address) (200); standbys: $(($health | Where-Object StatusCode -eq 429 | ForEach-Object Address) -join ', ') (429)"
    $marker = Get-VaultSecret -Address $newLeader.Address -Token $root -Path secret/maintenance/marker -AsPlainText
    if ($marker.Data.drill -ne "$PID") { throw "The new leader does not serve the marker written before the step-down." }
    "The new leader serves what was written before the step-down; the snapshot stays as the fallback."

    # What the module recorded (no token is ever written there).
    Get-VaultActionLog | Where-Object Action -in 'RaftSnapshotSave', 'StepDown' | Format-List Time, Action, Address, Outcome, Subject | Out-String
}
finally {
    $cluster | Stop-VaultSandbox
    [System.IO.Directory]::Delete($cluster[0].DataPath, $true)
    [System.IO.File]::Delete($VaultRunbookJournalPath)
    [System.IO.File]::Delete($snapshotPath)
}
