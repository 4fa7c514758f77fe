<#
.SYNOPSIS
    The rotation runbook: rotate pg_password in KV v2, verify, and roll back if the check fails.

.DESCRIPTION
    1. Rotate pg_password with a new random value. The write is a new version (the old one is kept) and
       uses check-and-set, so a concurrent writer makes it fail instead of losing an update.
    2. Verify: the new version is current, the other fields are unchanged, and the application check passes.
    3. If the check fails, roll back: the previous version's data is written again as a new version.

    With no -Address this runs as a drill against a local sandbox seeded with a database secret. Against a real
    Vault, give -Address (or set VAULT_ADDR) and VAULT_TOKEN, and replace Test-DatabaseLogin with a real check.
    Runs unchanged in pwsh 7.4+ and under VaultRunbook.Host.

.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/rotate-database-secret.ps1
.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/rotate-database-secret.ps1 -SimulateFailedCheck
#>
[CmdletBinding()]
param(
    [string] $Address,
    [string] $Mount = 'secret',
    [string] $Path = 'cwiq/shared/app/database',
    [switch] $SimulateFailedCheck
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

$sandbox = $null
if (-not $Address) {
    # Drill: a sandbox with the runbook's database secret in it.
    $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
    $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
    $Address = $sandbox.Address
    $token = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
    $PSDefaultParameterValues['*:Token'] = $token
    Set-VaultSecret -Address $Address -Mount $Mount -Path $Path -Data @{ host = 'db.internal'; port = '5432'; user = 'app'; pg_password = 'initial-password' } | Out-Null
    "Drill: sandbox Vault at $Address with $Mount/$Path"
}
$PSDefaultParameterValues['*:Address'] = $Address

function Test-DatabaseLogin([object] $Secret) {
    # Stand-in for the real check (connect with the new password). It never prints the value.
    if ($SimulateFailedCheck) { return $false }
    $password = [System.Net.NetworkCredential]::new('', $Secret.Data['pg_password']).Password
    return $password.Length -ge 32
}

try {
    $before = Get-VaultSecretMetadata -Mount $Mount -Path $Path
    "Before: $Mount/$Path is at version $($before.CurrentVersion)"

    # 1. Rotate.
    $rotation = Invoke-SecretRotation -Mount $Mount -Path $Path -Generate pg_password -Length 32
    $rotation

    # 2. Verify.
    $after = Get-VaultSecretMetadata -Mount $Mount -Path $Path
    $old = Get-VaultSecret -Mount $Mount -Path $Path -Version $rotation.PreviousVersion -AsPlainText
    $new = Get-VaultSecret -Mount $Mount -Path $Path -AsPlainText
    $kept = foreach ($field in $old.Fields) {
        if ($field -ne 'pg_password' -and $old.Data[$field] -ne $new.Data[$field]) { $field }
    }
    $checks = [ordered]@{
        'new version is current'      = $after.CurrentVersion -eq $rotation.NewVersion
        'old version is kept'         = $null -ne ($after.Versions | Where-Object Version -eq $rotation.PreviousVersion)
        'other fields unchanged'      = @($kept).Count -eq 0
        'application login succeeds'  = Test-DatabaseLogin (Get-VaultSecret -Mount $Mount -Path $Path)
    }
    foreach ($name in $checks.Keys) { '  [{0}] {1}' -f $(if ($checks[$name]) { 'ok' } else { 'FAILED' }), $name }

    # 3. Roll back if any check failed.
    if ($checks.Values -contains $false) {
        'Verification failed: rolling back.'
        $undo = $rotation | Undo-SecretRotation -Confirm:$false
        $undo
        "Rolled back: version $($undo.NewVersion) holds the data of version $($undo.RestoredFromVersion)."
    }
    else {
        "Rotated $Mount/$Path from version $($rotation.PreviousVersion) to $($rotation.NewVersion); fields: $($rotation.RotatedFields -join ', ')."
    }
}
finally {
    if ($sandbox) {
        $sandbox | Stop-VaultSandbox
        [System.IO.Directory]::Delete($sandbox.DataPath, $true)
    }
}
