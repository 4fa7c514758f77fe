<#
.SYNOPSIS
    Cluster maintenance on a Vault HA cluster, as a drill against a local 3-node sandbox: step the leader down, verify.

.DESCRIPTION
    1. Start a 3-node sandbox cluster on one store. Every node starts sealed.
    2. Unseal each node with the key shares; the first one unsealed becomes active, the others standbys.
    3. Find the leader (Get-VaultLeader) and list the cluster (Get-VaultHAStatus, answered through a standby).
    4. (Placeholder) take a raft snapshot before the maintenance.
    5. Step the leader down (Invoke-VaultStepDown) and verify that a standby took over and that health reads
       200 on the new leader, 429 on the others.
    6. Show the module's journal of the step-down (Vault audits only the request).

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

    # ---- RAFT SNAPSHOT STEP (placeholder) -------------------------------------------------------------------
    # The lead adds the raft snapshot before the step-down here, once the raft branch is merged.
    # ----------------------------------------------------------------------------------------------------------

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

    # What the module recorded (no token is ever written there).
    Get-VaultActionLog | Where-Object Action -eq 'StepDown' | Format-Table Time, Action, Address, Outcome, Subject | Out-String
}
finally {
    $cluster | Stop-VaultSandbox
    [System.IO.Directory]::Delete($cluster[0].DataPath, $true)
    [System.IO.File]::Delete($VaultRunbookJournalPath)
}
