# Pester 5 scenario for a service that asks for one secret per call (issue 15): the session keeps the resolver and
# its cache, Vault's own audit log counts the reads, and the session sees each rollout change: through the module on
# the next call, from another process once Linux reports it, and on the very next call with the change watch off.
# Runs under real Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests).

Describe 'A service resolving one secret per call' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-pester-session-').FullName
        $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $token = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
        $vault = @{ Address = $sandbox.Address; Token = $token }
        $audit = [System.IO.Path]::Combine($work, 'audit.log')
        Invoke-VaultRequest @vault PUT sys/audit/pester @{ type = 'file'; options = @{ file_path = $audit } } | Out-Null
        Invoke-VaultRequest @vault POST secret/data/app/db @{ data = @{ password = 'vault-value' } } | Out-Null
        $config = [System.IO.Path]::Combine($work, 'rollout.json')
        $map = [System.IO.Path]::Combine($work, 'secret-map.json')
        [System.IO.File]::WriteAllText($map, '{ "DB_PASSWORD": "secret/app/db#password" }')
        $env:DB_PASSWORD = 'env-value'
        $resolve = @{ Name = 'DB_PASSWORD'; SecretMap = $map; ConfigPath = $config; StatsPath = [System.IO.Path]::Combine($work, 'stats.json'); AsPlainText = $true } + $vault

        # Vault's own count of the KV reads of the secret (its audit device), not the module's.
        function Get-KvReadCount {
            @(Get-Content -LiteralPath $audit | Where-Object { $_.Contains('"type":"request"') -and $_.Contains('"operation":"read"') -and $_.Contains('secret/data/app/db') }).Count
        }

        # Calls until the value changes (an edit outside the module is seen once Linux reports it), 5 s at most.
        function Wait-Value([string] $Expected) {
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            do { $value = Get-RunbookSecret @resolve } until ($value -ceq $Expected -or $clock.Elapsed.TotalSeconds -gt 5)
            $value
        }

        Set-VaultCanary 100 -Mode Vault -ConfigPath $config -Reason 'pester: vault mode' | Out-Null
    }

    AfterAll {
        $env:DB_PASSWORD = $null
        $env:VAULT_RUNBOOK_CHANGE_WATCH = $null
        if ($sandbox) {
            $sandbox | Stop-VaultSandbox
            [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        }
        if ($work) { [System.IO.Directory]::Delete($work, $true) }
    }

    It 'reads Vault once for 500 separate calls within the TTL' {
        $before = Get-KvReadCount
        $values = foreach ($i in 1..500) { Get-RunbookSecret @resolve }

        ($values | Sort-Object -Unique) | Should -BeExactly 'vault-value'
        (Get-KvReadCount) - $before | Should -Be 1
    }

    It 'serves the environment on the very next call after Enable-KillSwitch in the same session' {
        Get-RunbookSecret @resolve | Should -BeExactly 'vault-value'
        Enable-KillSwitch -ConfigPath $config -Reason 'pester: vault incident' -Confirm:$false | Out-Null
        Get-RunbookSecret @resolve | Should -BeExactly 'env-value'
        Disable-KillSwitch -ConfigPath $config -Reason 'pester: recovered' -Confirm:$false | Out-Null
        Get-RunbookSecret @resolve | Should -BeExactly 'vault-value'
    }

    It 'sees a kill switch written by another process once Linux reports it' {
        $elsewhere = [System.IO.Path]::Combine($work, 'elsewhere')
        [System.IO.Directory]::CreateDirectory($elsewhere) | Out-Null
        $killed = [System.IO.Path]::Combine($elsewhere, 'rollout.json')
        [System.IO.File]::Copy($config, $killed)
        Enable-KillSwitch -ConfigPath $killed -Reason 'pester: written elsewhere' -Confirm:$false | Out-Null

        & /bin/sh -c "cp '$killed' '$config.new' && mv '$config.new' '$config'"
        $LASTEXITCODE | Should -Be 0

        Wait-Value 'env-value' | Should -BeExactly 'env-value'
        Disable-KillSwitch -ConfigPath $config -Reason 'pester: recovered' -Confirm:$false | Out-Null
    }

    It 'with VAULT_RUNBOOK_CHANGE_WATCH=off, sees a map edited outside the module on the very next call' {
        $env:VAULT_RUNBOOK_CHANGE_WATCH = 'off'
        try {
            Invoke-VaultRequest @vault POST secret/data/app/other @{ data = @{ password = 'other-value' } } | Out-Null
            Get-RunbookSecret @resolve | Should -BeExactly 'vault-value'
            foreach ($i in 1..10) {
                $path = ('app/db', 'app/other')[$i % 2]
                [System.IO.File]::WriteAllText($map, "{ `"DB_PASSWORD`": `"secret/$path#password`" }")
                Get-RunbookSecret @resolve | Should -BeExactly (('vault-value', 'other-value')[$i % 2])
            }
        }
        finally {
            $env:VAULT_RUNBOOK_CHANGE_WATCH = $null
        }
    }
}
