<#
.SYNOPSIS
    The Vault part of the outage runbook, as a drill against a local sandbox.

.DESCRIPTION
    1. Start a sandbox Vault (5 key shares, threshold 3). Like a freshly started server, it is sealed.
    2. Detect the sealed node with Get-VaultHealth and unseal it through the pipeline.
    3. Verify that it is Active and answers 200.
    4. Restart it (the crashed-container case): it comes back sealed with its data.
    5. Detect the seal, unseal again, verify, and print a summary.
    6. Show what the module recorded of its own actions (Vault does not audit unseal): the drill keeps that
       journal in a temp file of its own, so a drill never lands in the operator's real one.

    Runs unchanged in pwsh 7.4+ and under VaultRunbook.Host (which is pwsh with the module bundled).

.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/vault-outage-drill.ps1
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 255)] [int] $Shares = 5,
    [ValidateRange(1, 255)] [int] $Threshold = 3
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

# The unseals below are recorded in the module's action journal; a drill keeps its own.
$VaultRunbookJournalPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "vault-outage-drill-$PID.jsonl")

$clock = [System.Diagnostics.Stopwatch]::StartNew()
$timeline = [System.Collections.Generic.List[string]]::new()
function Step([string] $What, [object] $Health) {
    $timeline.Add(('{0,7:N2}s  {1,-28} {2} ({3})' -f $clock.Elapsed.TotalSeconds, $What, $Health.Status, $Health.StatusCode))
}

$sandbox = Start-VaultSandbox -Shares $Shares -Threshold $Threshold
try {
    "Sandbox Vault at $($sandbox.Address) ($Shares shares, threshold $Threshold); keys in $($sandbox.UnsealKeysPath)"

    # Detect: a sealed node is a state (503), not an error.
    $health = $sandbox | Get-VaultHealth
    Step 'detect after start' $health
    $health

    # Unseal the sealed nodes through the pipeline; shares are sent only until the node reports unsealed.
    $sandbox | Get-VaultHealth | Where-Object Sealed | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath

    # Verify: Active/200, or the drill fails (-Assert ends the script non-zero).
    $health = $sandbox | Get-VaultHealth -Assert
    Step 'verify after unseal' $health
    if ($health.Status -ne 'Active' -or $health.StatusCode -ne 200) { throw "Expected Active/200, got $($health.Status)/$($health.StatusCode)" }
    $clusterId = $health.ClusterId

    # The crashed container: it restarts sealed, at the same address, with its data.
    $health = $sandbox | Restart-VaultSandbox | Get-VaultHealth
    Step 'detect after restart' $health
    if (-not $health.Sealed) { throw 'Expected the restarted node to be sealed.' }

    $sandbox | Get-VaultHealth | Where-Object Sealed | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
    $health = $sandbox | Get-VaultHealth -Assert
    Step 'verify after second unseal' $health
    if ($health.ClusterId -ne $clusterId) { throw 'The cluster came back with another identity: data was lost.' }

    # The module's own record of the unseals (who, where, when, outcome; never a key share).
    $actions = @(Get-VaultActionLog -Address $sandbox.Address -Action Unseal | Where-Object Outcome -eq 'Unsealed')
    if ($actions.Count -ne 2) { throw "Expected two recorded unseals of $($sandbox.Address), found $($actions.Count)." }

    ''
    'Drill timeline:'
    $timeline
    ''
    'Recorded by the module (Get-VaultActionLog):'
    foreach ($action in $actions) { '  {0:u}  {1} {2} by {3}@{4}: {5}, {6} share(s)' -f $action.Time, $action.Action, $action.Address, $action.User, $action.Machine, $action.Outcome, $action.SharesSubmitted }
    ''
    "Drill passed: sealed -> unsealed -> restarted sealed -> unsealed, cluster $clusterId kept, in $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s."
}
finally {
    $sandbox | Stop-VaultSandbox
    [System.IO.Directory]::Delete($sandbox.DataPath, $true)
    [System.IO.File]::Delete($VaultRunbookJournalPath)
}
