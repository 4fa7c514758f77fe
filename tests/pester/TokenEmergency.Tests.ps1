# Pester 5 scenario for the emergency section of the Vault runbook: a compromised token found by accessor, revoked
# and proven dead; an AppRole compromise (revoke every token under auth/approle/, rotate the secret-id, log in
# again). Runs under real Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests).

Describe 'Token emergency runbook' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $work = [System.IO.Directory]::CreateTempSubdirectory('vaultrunbook-pester-tokens-').FullName
        $global:VaultRunbookJournalPath = [System.IO.Path]::Combine($work, 'actions.jsonl')
        $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $root = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
        $vault = @{ Address = $sandbox.Address; Token = $root }
        Set-VaultSecret @vault -Path secret/app/db -Data @{ password = 'pw' } | Out-Null
        Invoke-VaultRequest @vault POST sys/auth/approle @{ type = 'approle' } | Out-Null
        Invoke-VaultRequest @vault POST auth/approle/role/sidecar @{ token_policies = 'secret'; token_ttl = '1h' } | Out-Null
    }

    AfterAll {
        Remove-Variable -Name VaultRunbookJournalPath -Scope Global -ErrorAction Ignore
        if ($sandbox) {
            $sandbox | Stop-VaultSandbox
            [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        }
        if ($work) { [System.IO.Directory]::Delete($work, $true) }
    }

    Context 'a compromised CI token' {
        BeforeAll {
            $created = Invoke-VaultRequest @vault POST auth/token/create @{ display_name = 'ci-runner'; policies = @('secret') }
            $leaked = [System.Net.NetworkCredential]::new('', $created.auth.client_token).SecurePassword
            $created = $null
            $bystander = (Invoke-VaultRequest @vault POST auth/token/create @{ display_name = 'deployer'; policies = @('secret') }).auth.accessor
        }

        It 'is found by accessor among all the tokens' {
            $found = @(Get-VaultTokenAccessor @vault | Where-Object DisplayName -eq 'token-ci-runner')
            $found | Should -HaveCount 1
            $found[0].Policies | Should -Contain 'secret'
            $found[0].Path | Should -BeExactly 'auth/token/create'
        }

        It 'is revoked by accessor from the pipeline' {
            $revoked = @(Get-VaultTokenAccessor @vault | Where-Object DisplayName -eq 'token-ci-runner' | Revoke-VaultToken @vault -Confirm:$false)
            $revoked | Should -HaveCount 1
            $revoked[0].Mode | Should -Be 'Accessor'
            $revoked[0].Existed | Should -BeTrue
        }

        It 'is proven dead: 403 on a read and on its own lookup' {
            { Get-VaultSecret -Address $sandbox.Address -Token $leaked -Path secret/app/db -ErrorAction Stop } |
                Should -Throw -ErrorId 'VaultRunbook.Vault.PermissionDenied*'
            { Get-VaultToken -Address $sandbox.Address -Token $leaked -ErrorAction Stop } |
                Should -Throw -ErrorId 'VaultRunbook.Vault.PermissionDenied*'
        }

        It 'left the other tokens alone, and the journal names it without its value' {
            (Get-VaultToken @vault -Accessor $bystander).DisplayName | Should -BeExactly 'token-deployer'
            $entry = Get-VaultActionLog | Where-Object Action -eq 'RevokeToken' | Select-Object -Last 1
            $entry.Outcome | Should -BeExactly 'Revoked'
            $entry.Subject | Should -Match 'token-ci-runner'
            [System.IO.File]::ReadAllText($VaultRunbookJournalPath) | Should -Not -Match ([regex]::Escape((ConvertFrom-SecureString $leaked -AsPlainText)))
        }
    }

    Context 'an AppRole compromise' {
        BeforeAll {
            $exposed = Get-VaultAppRole @vault -RoleName sidecar | New-VaultAppRoleSecretId @vault -Confirm:$false
            $sidecars = 1..3 | ForEach-Object { $exposed | Connect-VaultAppRole -Address $sandbox.Address -RoleName sidecar -Token $root -Confirm:$false }
            $operator = (Invoke-VaultRequest @vault POST auth/token/create @{ display_name = 'operator'; policies = @('secret') }).auth.accessor
        }

        It 'revokes every token issued under auth/approle/ and only those' {
            $result = Revoke-VaultToken @vault -Prefix auth/approle/ -Confirm:$false
            $result.Mode | Should -Be 'Prefix'
            foreach ($sidecar in $sidecars) {
                { $sidecar | Get-VaultToken -ErrorAction Stop } | Should -Throw -ErrorId 'VaultRunbook.Vault.PermissionDenied*'
            }
            @(Get-VaultTokenAccessor @vault | Where-Object Path -like 'auth/approle/*') | Should -HaveCount 0
            (Get-VaultToken @vault -Accessor $operator).DisplayName | Should -BeExactly 'token-operator'
        }

        It 'rotates the secret-id: the exposed one cannot log in, the new one can' {
            $fresh = New-VaultAppRoleSecretId @vault -RoleName sidecar -Confirm:$false
            $exposed | Revoke-VaultAppRoleSecretId @vault -Confirm:$false | Out-Null
            { $exposed | Connect-VaultAppRole -Address $sandbox.Address -RoleName sidecar -Token $root -Confirm:$false -ErrorAction Stop } |
                Should -Throw -ErrorId 'VaultRunbook.Vault.BadRequest*'
            $login = $fresh | Connect-VaultAppRole -Address $sandbox.Address -RoleName sidecar -Token $root -Confirm:$false
            $login.Token | Should -BeOfType [System.Security.SecureString]
            ($login | Get-VaultSecret -Path secret/app/db -AsPlainText).Data.password | Should -BeExactly 'pw'
        }
    }
}
