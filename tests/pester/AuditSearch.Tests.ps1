# Pester 5 scenario for the audit-log search: "who read secret/data/cwiq, and when", on a log written by the
# sandbox's file audit device. Runs under real Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests).

Describe 'Audit log search runbook' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-pester-audit-').FullName
        $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $root = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
        $vault = @{ Address = $sandbox.Address; Token = $root }
        $log = [System.IO.Path]::Combine($work, 'vault-audit.log')
        $started = [DateTime]::UtcNow.AddSeconds(-1)

        Invoke-VaultRequest @vault PUT sys/audit/file @{ type = 'file'; options = @{ file_path = $log } } | Out-Null
        Invoke-VaultRequest @vault POST secret/data/cwiq/shared/app/database @{ data = @{ pg_password = 'audit-secret-value' } } | Out-Null
        Invoke-VaultRequest @vault POST secret/data/other/app @{ data = @{ key = 'other-value' } } | Out-Null
        $plainReader = (Invoke-VaultRequest @vault POST auth/token/create @{ display_name = 'ci-runner'; policies = @('secret') }).auth.client_token
        $reader = [System.Net.NetworkCredential]::new('', $plainReader).SecurePassword
        $plainReader = $null
        Get-VaultSecret -Address $sandbox.Address -Token $reader -Path secret/cwiq/shared/app/database | Out-Null
        Get-VaultSecret -Address $sandbox.Address -Token $reader -Path secret/other/app | Out-Null
        Get-VaultSecret @vault -Path cwiq/shared/app/database | Out-Null
    }

    AfterAll {
        if ($sandbox) {
            $sandbox | Stop-VaultSandbox
            [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        }
        if ($work) { [System.IO.Directory]::Delete($work, $true) }
    }

    It 'finds who read secret/data/cwiq, and when' {
        $reads = @(Search-VaultAuditLog -Path $log -SecretPath 'secret/data/cwiq*' -Operation read -Type request)
        $reads | Should -HaveCount 2
        ($reads | ForEach-Object DisplayName) | Should -Contain 'token-ci-runner'
        ($reads | ForEach-Object DisplayName) | Should -Contain 'root'
        $reads | ForEach-Object { $_.Path | Should -BeExactly 'secret/data/cwiq/shared/app/database' }
        $reads | ForEach-Object { $_.Time.UtcDateTime | Should -BeGreaterThan $started }
        $reads[0].LineNumber | Should -BeGreaterThan 0
    }

    It 'finds everything one token did through its audit hash' {
        $hash = Get-VaultAuditHash @vault -Device file -Value $reader
        $hash.Hash | Should -Match '^hmac-sha256:[0-9a-f]{64}$'
        $byToken = @(Search-VaultAuditLog -Path $log -ClientTokenHmac $hash.Hash -Type request)
        ($byToken | Where-Object Path -like 'secret/*' | ForEach-Object Path) | Should -Be @('secret/data/cwiq/shared/app/database', 'secret/data/other/app')
        # As with `vault kv get`, each read is preceded by the CLI's mount lookup, audited like any request.
        ($byToken | Where-Object Path -notlike 'secret/*' | ForEach-Object Path | Sort-Object -Unique) | Should -Be @('sys/internal/ui/mounts/secret/cwiq/shared/app/database', 'sys/internal/ui/mounts/secret/other/app')
    }

    It 'never outputs response data unless asked' {
        $all = Search-VaultAuditLog -Path $log
        ($all | Where-Object { $null -ne $_.Raw }) | Should -BeNullOrEmpty
        ($all | Where-Object Type -eq 'response') | Should -Not -BeNullOrEmpty
    }

    It 'returns the last matches with -Tail' {
        $last = @(Search-VaultAuditLog -Path $log -SecretPath 'secret/data/cwiq*' -Type request -Tail 1)
        $last | Should -HaveCount 1
        $last[0].DisplayName | Should -Be 'root'
    }

    It 'reports malformed lines once and goes on' {
        $damaged = [System.IO.Path]::Combine($work, 'damaged.log')
        [System.IO.File]::WriteAllText($damaged, [System.IO.File]::ReadAllText($log) + "{not json`n" + '{"time":"2025-01-01T00:00:00Z","type":"request","request":{"path":"secret/data/cwiq/x"')
        $found = @(Search-VaultAuditLog -Path $damaged -SecretPath 'secret/data/cwiq*' -Type request -WarningVariable warned -WarningAction SilentlyContinue)
        $found.Count | Should -BeGreaterOrEqual 3
        $warned | Should -HaveCount 1
        "$warned" | Should -Match '2'
    }

    It 'fails clearly for a missing file' {
        { Search-VaultAuditLog -Path ([System.IO.Path]::Combine($work, 'missing.log')) -ErrorAction Stop } | Should -Throw -ErrorId 'VaultRunbook.Audit.FileNotFound*'
    }
}
