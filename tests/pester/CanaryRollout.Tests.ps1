# Pester 5 scenario for the env-to-Vault migration runbook: the safe schedule with readiness, the gradual
# rollback (percent down, then shadow) and the emergency rollback (kill switch). Runs under real
# Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests).

Describe 'Canary rollout runbook' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-pester-canary-').FullName
        $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $token = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
        $config = [System.IO.Path]::Combine($work, 'rollout.json')
        $map = [System.IO.Path]::Combine($work, 'secret-map.json')
        $vault = @{ Address = $sandbox.Address; Token = $token }
        Invoke-VaultRequest @vault POST secret/data/app/db @{ data = @{ password = 'vault-value' } } | Out-Null
        [System.IO.File]::WriteAllText($map, '{ "DB_PASSWORD": "secret/app/db#password" }')
        $env:DB_PASSWORD = 'env-value'

        # One statistics file per phase: the drill runs in seconds and statistics are kept per minute.
        function Invoke-Service([string] $Phase, [int] $Count = 2000) {
            $stats = [System.IO.Path]::Combine($work, "$Phase.json")
            1..$Count | ForEach-Object { 'DB_PASSWORD' } | Get-RunbookSecret @vault -SecretMap $map -ConfigPath $config -StatsPath $stats | Out-Null
            $stats
        }
    }

    AfterAll {
        $env:DB_PASSWORD = $null
        if ($sandbox) {
            $sandbox | Stop-VaultSandbox
            [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        }
        if ($work) { [System.IO.Directory]::Delete($work, $true) }
    }

    It 'starts in env mode, serving the environment value' {
        (Get-VaultRollout -ConfigPath $config).Mode | Should -Be 'Env'
        Get-RunbookSecret @vault -Name DB_PASSWORD -SecretMap $map -ConfigPath $config -StatsPath ([System.IO.Path]::Combine($work, 'start.json')) -AsPlainText | Should -BeExactly 'env-value'
    }

    It 'walks 10 -> 25 -> 50 -> 75 -> 100, each step when every criterion with data passes' {
        $stats = Invoke-Service 'step-0'
        Step-VaultCanary -ConfigPath $config -StatsPath $stats -ErrorAction Stop -WarningAction SilentlyContinue -Force -Reason 'first step, no vault traffic yet'
        $seen = @(10)
        while ((Get-VaultRollout -ConfigPath $config).CanaryPercent -lt 100) {
            $stats = Invoke-Service "step-$($seen[-1])"
            $readiness = Test-VaultRolloutReadiness -ConfigPath $config -StatsPath $stats
            # A drill has minutes of statistics, not the 7 days "zero errors" needs: that criterion says
            # NotEnoughData (and Ready is false) while every other one passes; -Force is the way around it.
            $blocking = @($readiness.Failed | Where-Object Status -ne 'NotEnoughData')
            $blocking | Should -HaveCount 0 -Because (($blocking | ForEach-Object { "$($_.Name) $($_.Measured)" }) -join '; ')
            ($readiness.Criteria | Where-Object Name -eq 'ZeroErrors').Status | Should -Be 'NotEnoughData'
            $readiness.Ready | Should -BeFalse
            $readiness.Criteria | Should -HaveCount 5
            Step-VaultCanary -ConfigPath $config -StatsPath $stats -Force -WarningAction SilentlyContinue -ErrorAction Stop
            $seen += (Get-VaultRollout -ConfigPath $config).CanaryPercent
        }
        $seen | Should -Be @(10, 25, 50, 75, 100)
        (Get-VaultRollout -ConfigPath $config).Mode | Should -Be 'Dual'
    }

    It 'measures a vault hit rate close to the canary target' {
        Set-VaultCanary -ConfigPath $config -Percent 25
        $stats = Get-SecretAccessStats -StatsPath (Invoke-Service 'rate-25')
        $stats.Requests | Should -Be 2000
        [math]::Abs($stats.VaultHitRate - 0.25) | Should -BeLessThan 0.05
        $stats.Errors | Should -Be 0
    }

    It 'refuses to step when readiness fails' {
        # The hit rate measured at 25% cannot pass for a 50% target.
        Set-VaultCanary -ConfigPath $config -Percent 50
        $stats = [System.IO.Path]::Combine($work, 'rate-25.json')
        (Test-VaultRolloutReadiness -ConfigPath $config -StatsPath $stats).Ready | Should -BeFalse
        { Step-VaultCanary -ConfigPath $config -StatsPath $stats -ErrorAction Stop } | Should -Throw -ErrorId 'VaultRunbook.Rollout.NotReady,*'
        (Get-VaultRollout -ConfigPath $config).CanaryPercent | Should -Be 50
    }

    It 'rolls back gradually: the percentage down, then shadow mode that serves env only' {
        Set-VaultCanary -ConfigPath $config -Percent 10 -Reason 'gradual rollback'
        Set-VaultCanary -ConfigPath $config -Percent 0 -Mode Shadow -Reason 'gradual rollback'
        $stats = Get-SecretAccessStats -StatsPath (Invoke-Service 'shadow' 200)
        $stats.VaultHits | Should -Be 0
        $stats.ShadowMismatches | Should -Be 200
        Get-RunbookSecret @vault -Name DB_PASSWORD -SecretMap $map -ConfigPath $config -StatsPath ([System.IO.Path]::Combine($work, 'shadow-one.json')) -AsPlainText | Should -BeExactly 'env-value'
    }

    It 'rolls back in an emergency with the kill switch, which blocks raising the canary' {
        Set-VaultCanary -ConfigPath $config -Percent 50 -Mode Dual
        $state = Enable-KillSwitch -ConfigPath $config -Reason 'vault 503s'
        $state.KillSwitch | Should -BeTrue
        $state.Stored.Reason | Should -BeExactly 'vault 503s'
        $stats = Get-SecretAccessStats -StatsPath (Invoke-Service 'kill' 500)
        $stats.VaultHits | Should -Be 0
        { Set-VaultCanary -ConfigPath $config -Percent 75 -ErrorAction Stop } | Should -Throw -ErrorId 'VaultRunbook.Rollout.KillSwitchActive,*'
        (Test-VaultRolloutReadiness -ConfigPath $config -StatsPath ([System.IO.Path]::Combine($work, 'kill.json'))).Failed.Name | Should -Contain 'NoKillSwitch'
    }

    It 'keeps every change in the history' {
        $history = (Get-VaultRollout -ConfigPath $config).Stored.History
        ($history | Where-Object Action -eq 'StepCanary') | Should -HaveCount 5
        $history[-1].Action | Should -Be 'EnableKillSwitch'
    }
}
