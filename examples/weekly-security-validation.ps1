<#
.SYNOPSIS
    The weekly security validation: a leak scan of the logs for token prefixes, the kill-switch drill and the
    signing-fallback drill, each ending with PASS or FAIL; exit 1 when one fails.

.DESCRIPTION
    1. Leak scan: Find-RunbookSecretLeak over -LogPath (hvs., hvb., hvr., legacy s. tokens, hf_, AWS access key ids,
       PEM private keys), each finding shown masked. Without -LogPath, a temp log folder with one planted token shows
       that the scan finds it (and that the token itself is never printed).
    2. Kill-switch drill on a sandbox: a service resolves its secret from Vault (canary 100%), Enable-KillSwitch, the
       resolver falls back to the environment at once, Disable-KillSwitch, Vault serves again.
    3. Signing-fallback drill on the sandbox: Invoke-VaultSign signs through Vault, the node is sealed, Invoke-VaultSign
       -AllowFallback signs with the fallback key, the node is unsealed and both signatures verify.

    Everything the drills touch (sandbox, rollout state, fallback key, journal) lives in a temp folder of their own.
    Schedule it weekly like the daily check (docs/scheduling.md).

.EXAMPLE
    pwsh -NoProfile -File ./examples/weekly-security-validation.ps1 -LogPath /var/log/app, /var/log/vault-agent
#>
[CmdletBinding()]
param(
    [string[]] $LogPath
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

$work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-weekly-').FullName
$VaultRunbookJournalPath = Join-Path $work 'actions.jsonl'
$results = [ordered]@{}
$sandbox = $null
try {
    # 1. Leak scan.
    'Leak scan:'
    $planted = $null
    if (-not $LogPath) {
        $logs = New-Item -ItemType Directory -Path (Join-Path $work 'logs')
        $planted = 'hvs.' + [guid]::NewGuid().ToString('N') + 'DRILL'
        Set-Content -Path (Join-Path $logs 'app.log') -Value @('12:00:01 service started', "12:00:02 DEBUG vault login ok, token=$planted", '12:00:03 ready')
        Set-Content -Path (Join-Path $logs 'clean.log') -Value '12:00:01 nothing secret here'
        $LogPath = $logs.FullName
        "  drill: a token planted in $(Join-Path $logs 'app.log') line 2"
    }

    $findings = @(Find-RunbookSecretLeak -Path $LogPath)
    $findings | Format-Table -AutoSize | Out-String -Width 160
    $results['leak scan'] = if ($planted) { $findings.Count -eq 1 -and $findings[0].Line -eq 2 -and $findings[0].Preview -eq 'hvs.***' } else { $findings.Count -eq 0 }

    # 2. Kill-switch drill.
    $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
    $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
    $token = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
    $vault = @{ Address = $sandbox.Address; Token = $token }
    $rollout = Join-Path $work 'rollout.json'
    $map = Join-Path $work 'secret-map.json'
    [System.IO.File]::WriteAllText($map, '{ "DB_PASSWORD": "secret/app/db#password" }')
    Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'value-in-vault' } -Confirm:$false | Out-Null
    $env:DB_PASSWORD = 'value-in-env'
    $resolve = @{ SecretMap = $map; ConfigPath = $rollout; StatsPath = (Join-Path $work 'stats.json') } + $vault
    Set-VaultCanary -ConfigPath $rollout -Percent 100 -Mode Vault -Reason 'weekly drill: all on Vault' -Confirm:$false
    $before = Get-RunbookSecret DB_PASSWORD @resolve -AsPlainText
    $on = Enable-KillSwitch -ConfigPath $rollout -Reason 'weekly drill' -Confirm:$false
    Clear-RunbookSecretCache -Confirm:$false
    $during = Get-RunbookSecret DB_PASSWORD @resolve -AsPlainText
    $off = Disable-KillSwitch -ConfigPath $rollout -Reason 'weekly drill over' -Confirm:$false
    Clear-RunbookSecretCache -Confirm:$false
    $after = Get-RunbookSecret DB_PASSWORD @resolve -AsPlainText
    ''
    'Kill-switch drill:'
    "  before: served from $(if ($before -eq 'value-in-vault') { 'Vault' } else { 'env' }); kill switch on: $($on.KillSwitch), served from $(if ($during -eq 'value-in-env') { 'env' } else { 'Vault' }); kill switch off: $(-not $off.KillSwitch), served from $(if ($after -eq 'value-in-vault') { 'Vault' } else { 'env' })"
    $results['kill switch'] = $before -eq 'value-in-vault' -and $on.KillSwitch -and $during -eq 'value-in-env' -and -not $off.KillSwitch -and $after -eq 'value-in-vault'

    # 3. Signing-fallback drill.
    $fallbackKey = Join-Path $work 'vault-fallback.json'
    Initialize-VaultTransit @vault -KeyName release -Confirm:$false | Out-Null
    New-FallbackSigningKey -Path $fallbackKey -Confirm:$false | Out-Null
    $sign = @{ KeyName = 'release'; FallbackKeyPath = $fallbackKey; ConfigPath = $rollout } + $vault
    $release = "release checked by the weekly validation $PID"
    $signatures = @(Invoke-VaultSign @sign -InputObject $release)
    $sandbox | Invoke-VaultSeal -Token $token -Confirm:$false | Out-Null
    $signatures += Invoke-VaultSign @sign -InputObject $release -AllowFallback -WarningAction SilentlyContinue
    $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
    $checks = @($signatures | Test-VaultSignature -InputObject $release -FallbackKeyPath $fallbackKey -Token $token)
    ''
    'Signing-fallback drill:'
    for ($i = 0; $i -lt $signatures.Count; $i++) { '  {0,-8} after {1} attempt(s), valid: {2}' -f $signatures[$i].SigningMode, $signatures[$i].Attempts, $checks[$i].Valid }
    $results['signing fallback'] = $signatures[0].SigningMode -eq 'Vault' -and $signatures[1].SigningMode -eq 'Fallback' -and @($checks | Where-Object Valid).Count -eq 2

    ''
    'Weekly security validation:'
    foreach ($name in $results.Keys) { '  {0,-18} {1}' -f $name, $(if ($results[$name]) { 'PASS' } else { 'FAIL' }) }
    if ($results.Values -contains $false) { exit 1 }
}
finally {
    $env:DB_PASSWORD = $null
    if ($sandbox) {
        $sandbox | Stop-VaultSandbox
        [System.IO.Directory]::Delete($sandbox.DataPath, $true)
    }

    [System.IO.Directory]::Delete($work, $true)
}
