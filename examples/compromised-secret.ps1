<#
.SYNOPSIS
    The compromised-secret runbook: hash the exposed token, search the audit log, rotate, show the timeline.

.DESCRIPTION
    A token used by CI leaked. The runbook answers: what did that token touch, who read the database secret
    and when, and it rotates the secret so the leaked copy is useless.
      1. Get-VaultAuditHash turns the exposed token into its HMAC under the audit device's salt, the form it
         has in the log (Vault never writes the token itself).
      2. Search-VaultAuditLog finds every request made with it, and every read of secret/data/cwiq*.
      3. Invoke-SecretRotation gives pg_password a new value (a new version; the old one is kept for forensics).
      4. The timeline lists what happened, in order.
    With no -Address this is a drill against a sandbox whose audit device logs the simulated leak. Against a
    real Vault, give -Address, -AuditLog (the file device's log) and the exposed token at the prompt.
    Runs unchanged in pwsh 7.4+ and under VaultRunbook.Host.

.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/compromised-secret.ps1
#>
[CmdletBinding()]
param(
    [string] $Address,
    [string] $AuditLog,
    [string] $AuditDevice = 'file',
    [System.Security.SecureString] $ExposedToken,
    [string] $SecretPath = 'cwiq/shared/app/database'
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

$sandbox = $null
$work = $null
if (-not $Address) {
    # Drill: a sandbox with a file audit device, a database secret, and a CI token that reads it.
    $work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-incident-').FullName
    $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
    $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
    $Address = $sandbox.Address
    $PSDefaultParameterValues['*:Token'] = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
    $AuditLog = [System.IO.Path]::Combine($work, 'vault-audit.log')
    Invoke-VaultRequest -Address $Address PUT "sys/audit/$AuditDevice" @{ type = 'file'; options = @{ file_path = $AuditLog } } | Out-Null
    Set-VaultSecret -Address $Address -Mount secret -Path $SecretPath -Data @{ host = 'db.internal'; user = 'app'; pg_password = 'leaked-with-the-token' } | Out-Null
    $created = Invoke-VaultRequest -Address $Address POST auth/token/create @{ display_name = 'ci-runner'; policies = @('secret') }
    $ExposedToken = [System.Net.NetworkCredential]::new('', $created.auth.client_token).SecurePassword
    $created = $null
    # The leak: the CI token reads the database secret twice, and an unrelated secret once.
    Get-VaultSecret -Address $Address -Path $SecretPath -Token $ExposedToken | Out-Null
    Set-VaultSecret -Address $Address -Path secret/cwiq/shared/app/cache -Data @{ url = 'redis://cache' } | Out-Null
    Get-VaultSecret -Address $Address -Path cwiq/shared/app/cache -Token $ExposedToken | Out-Null
    Get-VaultSecret -Address $Address -Path $SecretPath -Token $ExposedToken | Out-Null
    "Drill: sandbox Vault at $Address, audit log $AuditLog"
}
if (-not $ExposedToken) {
    $ExposedToken = $Host.UI.ReadLineAsSecureString()
}
$PSDefaultParameterValues['*:Address'] = $Address

try {
    # 1. The exposed token as the audit log knows it.
    $hash = Get-VaultAuditHash -Device $AuditDevice -Value $ExposedToken
    "1. The exposed token appears in the log as $($hash.Hash.Substring(0, 24))..."

    # 2a. Everything that token did.
    $byToken = @(Search-VaultAuditLog -Path $AuditLog -ClientTokenHmac $hash.Hash -Type request)
    "2a. Requests made with the exposed token: $($byToken.Count)"
    $byToken | ForEach-Object { '      {0:u}  {1,-6} {2}  from {3} as {4}' -f $_.Time, $_.Operation, $_.Path, $_.RemoteAddress, $_.DisplayName }

    # 2b. Who read the database secret, and when (the runbook's `grep | jq`).
    $reads = @(Search-VaultAuditLog -Path $AuditLog -SecretPath "secret/data/$SecretPath" -Operation read -Type request)
    $readers = [System.Collections.Generic.SortedSet[string]]::new([string[]]@($reads | ForEach-Object DisplayName))
    "2b. Reads of secret/data/${SecretPath}: $($reads.Count), by $($readers -join ', ')"

    # 3. Rotate the exposed secret.
    $rotation = Invoke-SecretRotation -Path $SecretPath -Generate pg_password
    "3. Rotated secret/${SecretPath}: version $($rotation.PreviousVersion) -> $($rotation.NewVersion) ($($rotation.RotatedFields -join ', '))."
    '   Next: revoke the token (vault token revoke -accessor ...) and restart the services that use the secret.'

    # 4. The timeline.
    ''
    'Timeline:'
    # The log is in time order and the rotation came last.
    $events = @($reads) + @($byToken | Where-Object Path -ne "secret/data/$SecretPath") + @([pscustomobject]@{ Time = $rotation.RotatedAt; Operation = 'rotate'; Path = "secret/data/$SecretPath"; DisplayName = 'runbook' })
    $timeline = [System.Collections.Generic.List[object]]::new([object[]]$events)
    $timeline.Sort([System.Comparison[object]] { param($a, $b) $a.Time.CompareTo($b.Time) })
    $timeline | ForEach-Object { '  {0:u}  {1,-6} {2}  ({3})' -f $_.Time, $_.Operation, $_.Path, $_.DisplayName }
}
finally {
    if ($sandbox) {
        $sandbox | Stop-VaultSandbox
        [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        [System.IO.Directory]::Delete($work, $true)
    }
}
