<#
.SYNOPSIS
    The Vault part of the outage runbook, as a drill against a local sandbox.

.DESCRIPTION
    1. Start a sandbox Vault (5 key shares, threshold 3). Like a freshly started server, it is sealed.
    2. Detect the sealed node with Get-VaultHealth and unseal it through the pipeline.
    3. Verify that it is Active and answers 200.
    4. Restart it (the crashed-container case): it comes back sealed with its data.
    5. Detect the seal, unseal again, verify, and print a summary.

    Runs unchanged in pwsh 7.4+ and under VaultRunbook.Host: it uses the module's cmdlets, the language
    and .NET only (no Select-Object, Format-Table, Write-Host or ConvertTo-Json).

.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/vault-outage-drill.ps1
#>
[CmdletBinding()]
param(
    [ValidateRange(1, 255)] [int] $Shares = 5,
    [ValidateRange(1, 255)] [int] $Threshold = 3
)

$ErrorActionPreference = 'Stop'
if (-not (Get-Module VaultRunbook)) {
    $module = if ($env:VAULTRUNBOOK_MODULE) { $env:VAULTRUNBOOK_MODULE } else { [System.IO.Path]::Combine($PSScriptRoot, '..', 'src', 'VaultRunbook.Cmdlets', 'bin', 'Debug', 'net8.0', 'VaultRunbook.psd1') }
    Import-Module $module
}

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

    ''
    'Drill timeline:'
    $timeline
    ''
    "Drill passed: sealed -> unsealed -> restarted sealed -> unsealed, cluster $clusterId kept, in $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s."
}
finally {
    $sandbox | Stop-VaultSandbox
    [System.IO.Directory]::Delete($sandbox.DataPath, $true)
}
