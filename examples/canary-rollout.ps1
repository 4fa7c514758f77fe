<#
.SYNOPSIS
    The env-to-Vault migration runbook as a drill: canary 10 -> 25 -> 50 -> 75 -> 100 with readiness checks,
    then the gradual rollback and the emergency rollback.

.DESCRIPTION
    A sandbox Vault holds DB_PASSWORD's value; the environment holds the old one. Before each step the service
    "runs" (2,000 resolutions through Get-RunbookSecret, as the app would make) and Test-VaultRolloutReadiness
    checks the runbook's criteria; Step-VaultCanary only moves when they pass (all but the 7 days of zero errors,
    which seconds of statistics cannot show: that one reports NotEnoughData and the drill steps with -Force). Then:
      - gradual rollback: the percentage down, then shadow mode (env served, Vault compared);
      - emergency rollback: Enable-KillSwitch, and every resolution is env at once.
    Each step gets its own statistics file here because the drill takes seconds: per-minute statistics would
    otherwise mix the steps. In production one file serves, as steps are days apart.
    Runs unchanged in pwsh 7.4+ and under VaultRunbook.Host.

.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/canary-rollout.ps1
#>
[CmdletBinding()]
param(
    [ValidateRange(100, 100000)] [int] $AccessesPerStep = 2000
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

$work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-canary-').FullName
$sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
try {
    $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
    $token = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
    $PSDefaultParameterValues['*:Address'] = $sandbox.Address
    $PSDefaultParameterValues['*:Token'] = $token
    $PSDefaultParameterValues['*:ConfigPath'] = [System.IO.Path]::Combine($work, 'rollout.json')

    Set-VaultSecret -Path secret/app/db -Data @{ password = 'value-in-vault' } | Out-Null
    $map = [System.IO.Path]::Combine($work, 'secret-map.json')
    [System.IO.File]::WriteAllText($map, '{ "DB_PASSWORD": { "mount": "secret", "path": "app/db", "field": "password" } }')
    $env:DB_PASSWORD = 'value-in-env'

    function Invoke-Service([string] $Stats) {
        # What the service does: resolve its secret on every request.
        1..$AccessesPerStep | ForEach-Object { 'DB_PASSWORD' } |
            Get-RunbookSecret -SecretMap $map -StatsPath $Stats -ConfigPath $PSDefaultParameterValues['*:ConfigPath'] | Out-Null
    }

    function Show-Step([string] $What, [string] $Stats) {
        $s = Get-SecretAccessStats -StatsPath $Stats
        $r = Get-VaultRollout
        '{0,-34} mode {1,-6} canary {2,3}%  kill {3,-5}  requests {4,5}  vault {5,5:P1}  fallbacks {6}  errors {7}  cache hits {8}' -f $What, $r.Mode, $r.CanaryPercent, $r.KillSwitch, $s.Requests, $s.VaultHitRate, $s.EnvFallbacks, $s.Errors, $s.CacheHits
    }

    'Safe schedule (readiness before each step):'
    $step = 0
    $stats = [System.IO.Path]::Combine($work, "stats-$step.json")
    Invoke-Service $stats
    Show-Step 'env only, before the first step' $stats
    while ((Get-VaultRollout).CanaryPercent -lt 100) {
        $readiness = Test-VaultRolloutReadiness -StatsPath $stats
        # A drill's statistics cover minutes, not the runbook's 7 days: ZeroErrors reports NotEnoughData, so the
        # drill steps with -Force once every other criterion passes. The very first step has no Vault traffic to
        # judge yet: the runbook starts it by hand.
        $blocking = @($readiness.Failed | Where-Object Status -ne 'NotEnoughData')
        if ($blocking.Count -gt 0 -and $readiness.CurrentPercent -gt 0) {
            throw "Not ready at $($readiness.CurrentPercent)%: $(($blocking | ForEach-Object { $_.Name + ' ' + $_.Measured }) -join '; ')"
        }
        Step-VaultCanary -StatsPath $stats -Force:(-not $readiness.Ready) -Reason "drill step $($step + 1)" -WarningAction SilentlyContinue
        $step++
        $stats = [System.IO.Path]::Combine($work, "stats-$step.json")
        Invoke-Service $stats
        Show-Step "after step to $((Get-VaultRollout).CanaryPercent)%" $stats
    }

    ''
    'Gradual rollback (percentage down, then shadow):'
    foreach ($percent in 50, 10) {
        Set-VaultCanary -Percent $percent -Reason 'gradual rollback'
        $stats = [System.IO.Path]::Combine($work, "rollback-$percent.json")
        Invoke-Service $stats
        Show-Step "rolled back to $percent%" $stats
    }
    Set-VaultCanary -Percent 0 -Mode Shadow -Reason 'gradual rollback: compare only'
    $stats = [System.IO.Path]::Combine($work, 'shadow.json')
    Invoke-Service $stats
    Show-Step 'shadow (env served, Vault compared)' $stats
    $shadow = Get-SecretAccessStats -StatsPath $stats
    "  shadow comparisons: $($shadow.ShadowMatches) match(es), $($shadow.ShadowMismatches) mismatch(es) (env and Vault values differ in this drill)"

    ''
    'Emergency rollback (kill switch):'
    Set-VaultCanary -Percent 50 -Mode Dual -Reason 'back to dual before the incident'
    $incident = Enable-KillSwitch -Reason 'drill: vault answering 503'
    $stats = [System.IO.Path]::Combine($work, 'killswitch.json')
    Invoke-Service $stats
    Show-Step 'kill switch on' $stats
    $served = Get-RunbookSecret -Name DB_PASSWORD -SecretMap $map -StatsPath $stats -AsPlainText
    "  served: $(if ($served -eq $env:DB_PASSWORD) { 'the env value' } else { 'NOT the env value' })"
    if ($served -ne $env:DB_PASSWORD) { throw 'The kill switch did not serve env.' }

    ''
    'Rollout history:'
    (Get-VaultRollout).Stored.History | ForEach-Object { '  ' + $_.ToString() }
    "Kill switch turned on by $($incident.Stored.UpdatedBy) because: $($incident.Stored.Reason)"
}
finally {
    $env:DB_PASSWORD = $null
    $sandbox | Stop-VaultSandbox
    [System.IO.Directory]::Delete($sandbox.DataPath, $true)
    [System.IO.Directory]::Delete($work, $true)
}
