# Pester 5 scenario for the KV v2 rotation runbook. Runs under real Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests).

Describe 'Secret rotation runbook' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $token = [System.Net.NetworkCredential]::new('', [System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()).SecurePassword
        $connection = @{ Address = $sandbox.Address; Token = $token }
        $path = 'cwiq/shared/app/database'
        Invoke-VaultRequest @connection POST "secret/data/$path" @{ data = @{ host = 'db.internal'; user = 'app'; pg_password = 'before-rotation' } } | Out-Null
    }

    AfterAll {
        if ($sandbox) {
            $sandbox | Stop-VaultSandbox
            [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        }
    }

    It 'writes a new version with only pg_password changed' {
        $rotation = Invoke-SecretRotation @connection -Path $path -Generate pg_password
        $rotation.PreviousVersion | Should -Be 1
        $rotation.NewVersion | Should -Be 2
        $rotation.RotatedFields | Should -Be @('pg_password')

        $secret = Get-VaultSecret @connection -Path $path -AsPlainText
        $secret.Data['host'] | Should -BeExactly 'db.internal'
        $secret.Data['user'] | Should -BeExactly 'app'
        $secret.Data['pg_password'] | Should -Not -Be 'before-rotation'
        $secret.Data['pg_password'].Length | Should -Be 32
    }

    It 'keeps the old version in the metadata' {
        $metadata = Get-VaultSecretMetadata @connection -Path $path
        $metadata.CurrentVersion | Should -Be 2
        ($metadata.Versions | ForEach-Object Version) | Should -Be @(1, 2)
        (Get-VaultSecret @connection -Path $path -Version 1 -AsPlainText).Data['pg_password'] | Should -BeExactly 'before-rotation'
    }

    It 'returns values as SecureString unless asked for plain text' {
        (Get-VaultSecret @connection -Path $path).Data['pg_password'] | Should -BeOfType ([System.Security.SecureString])
    }

    It 'rolls the rotation back as a new version' {
        $undo = Invoke-SecretRotation @connection -Path $path -Generate pg_password | Undo-SecretRotation @connection -Confirm:$false
        $undo.RestoredFromVersion | Should -Be 2
        $undo.NewVersion | Should -Be 4
        (Get-VaultSecretMetadata @connection -Path $path).CurrentVersion | Should -Be 4
    }

    It 'refuses a KV v1 mount, which keeps no versions' {
        Invoke-VaultRequest @connection PUT 'kv-v1/legacy' @{ password = 'v1' } | Out-Null
        { Invoke-SecretRotation @connection -Mount kv-v1 -Path legacy -Generate password -ErrorAction Stop } | Should -Throw -ErrorId 'VaultRunbook.Rotation.KvV1,*'
    }

    It 'changes nothing with -WhatIf' {
        Invoke-SecretRotation @connection -Path $path -Generate pg_password -WhatIf | Should -BeNullOrEmpty
        (Get-VaultSecretMetadata @connection -Path $path).CurrentVersion | Should -Be 4
    }
}
