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

    Signing steps (the signing runbook, ALLOW_FALLBACK_SIGNING): before the crash, transit and a fallback key are
    bootstrapped and a release is signed through Vault; while the node is sealed, fallback signing is enabled and the
    release is signed with the fallback key; once unsealed, signing returns to Vault, fallback is disabled, the
    fallback key is rotated, and every signature of the drill still verifies. The rollout state and the fallback key
    live in temp files of the drill's own.

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

# The signing steps keep their rollout state and fallback key in files of the drill's own, too.
$drillFiles = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "vault-outage-drill-$PID")
$null = [System.IO.Directory]::CreateDirectory($drillFiles)
$rolloutPath = Join-Path $drillFiles 'rollout.json'
$fallbackKeyPath = Join-Path $drillFiles 'vault-fallback.json'
$release = [System.Text.Encoding]::UTF8.GetBytes("release built by the outage drill $PID")
$signatures = [System.Collections.Generic.List[object]]::new()

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

    # Signing bootstrap: transit and its key (idempotent), the fallback key, and a release signed through Vault.
    $token = ConvertTo-SecureString ([System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()) -AsPlainText -Force
    $sign = @{ Address = $sandbox.Address; Token = $token; KeyName = 'release'; FallbackKeyPath = $fallbackKeyPath; ConfigPath = $rolloutPath }
    Initialize-VaultTransit -Address $sandbox.Address -Token $token -KeyName release -Confirm:$false | Out-Null
    New-FallbackSigningKey -Path $fallbackKeyPath -Confirm:$false | Out-Null
    $signatures.Add((Invoke-VaultSign @sign -InputObject $release))

    # The crashed container: it restarts sealed, at the same address, with its data.
    $health = $sandbox | Restart-VaultSandbox | Get-VaultHealth
    Step 'detect after restart' $health
    if (-not $health.Sealed) { throw 'Expected the restarted node to be sealed.' }

    # Signing during the outage: enable fallback signing for every service, then sign with the fallback key.
    Enable-FallbackSigning -ConfigPath $rolloutPath -Reason 'outage drill: vault sealed' -Confirm:$false | Out-Null
    $fallback = Invoke-VaultSign @sign -InputObject $release -WarningAction SilentlyContinue
    if ($fallback.SigningMode -ne 'Fallback') { throw "Expected a fallback signature while sealed, got $($fallback.SigningMode)." }
    $signatures.Add($fallback)

    $sandbox | Get-VaultHealth | Where-Object Sealed | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
    $health = $sandbox | Get-VaultHealth -Assert
    Step 'verify after second unseal' $health
    if ($health.ClusterId -ne $clusterId) { throw 'The cluster came back with another identity: data was lost.' }

    # Signing after the restore: Vault signs again; fallback off; the outage's fallback key is rotated.
    $signatures.Add((Invoke-VaultSign @sign -InputObject $release))
    if ($signatures[-1].SigningMode -ne 'Vault') { throw 'Expected Vault to sign again after the unseal.' }
    Disable-FallbackSigning -ConfigPath $rolloutPath -Reason 'outage drill: vault restored' -Confirm:$false | Out-Null
    $rotated = Update-FallbackSigningKey -Path $fallbackKeyPath -Confirm:$false
    $checks = @($signatures | Test-VaultSignature -InputObject $release -FallbackKeyPath $fallbackKeyPath -Token $token)
    if (@($checks | Where-Object { -not $_.Valid }).Count -gt 0) { throw 'A signature of the drill no longer verifies.' }

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
    'Signatures of the drill (Invoke-VaultSign | Test-VaultSignature):'
    for ($i = 0; $i -lt $signatures.Count; $i++) { '  {0,-8} v{1}  {2} attempt(s)  valid: {3} ({4})' -f $signatures[$i].SigningMode, $signatures[$i].KeyVersion, $signatures[$i].Attempts, $checks[$i].Valid, $checks[$i].Method }
    "  fallback key rotated to v$($rotated.Version); v$($rotated.PreviousVersions -join ', v') kept for verification"
    ''
    "Drill passed: sealed -> unsealed -> restarted sealed -> unsealed, cluster $clusterId kept, in $([math]::Round($clock.Elapsed.TotalSeconds, 1)) s."
}
finally {
    $sandbox | Stop-VaultSandbox
    [System.IO.Directory]::Delete($sandbox.DataPath, $true)
    [System.IO.File]::Delete($VaultRunbookJournalPath)
    [System.IO.Directory]::Delete($drillFiles, $true)
}
