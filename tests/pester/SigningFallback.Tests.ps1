# Pester 5 scenario for the signing runbook (issue 11): detect the outage, enable fallback signing, sign with the
# fallback key, restore Vault, disable fallback, rotate the fallback key. Runs under real Pester 5.9.1
# (tests/unit/VaultRunbook.Pester.Tests).

Describe 'Signing runbook: transit signing with a fallback signer' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $work = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "signing-fallback-tests-$([guid]::NewGuid().ToString('N'))")
        $null = [System.IO.Directory]::CreateDirectory($work)
        $VaultRunbookJournalPath = Join-Path $work 'actions.jsonl'
        $fallbackKey = Join-Path $work 'vault-fallback.json'
        $rollout = Join-Path $work 'rollout.json'
        $sandbox = Start-VaultSandbox -Shares 1 -Threshold 1
        $sandbox | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $token = ConvertTo-SecureString ([System.IO.File]::ReadAllText($sandbox.RootTokenPath).Trim()) -AsPlainText -Force
        $vault = @{ Address = $sandbox.Address; Token = $token }
        $sign = @{ KeyName = 'release'; FallbackKeyPath = $fallbackKey; ConfigPath = $rollout } + $vault
        $artifact = [System.Text.Encoding]::UTF8.GetBytes('release 2.0.0')
        $signed = [System.Collections.Generic.List[object]]::new()
    }

    AfterAll {
        if ($sandbox) {
            $sandbox | Stop-VaultSandbox
            [System.IO.Directory]::Delete($sandbox.DataPath, $true)
        }
        [System.IO.Directory]::Delete($work, $true)
    }

    It 'bootstraps transit and the fallback key, idempotently' {
        $key = Initialize-VaultTransit @vault -KeyName release -Confirm:$false
        $key.MountCreated | Should -BeTrue
        $key.KeyCreated | Should -BeTrue
        (Initialize-VaultTransit @vault -KeyName release -Confirm:$false).KeyCreated | Should -BeFalse
        (New-FallbackSigningKey -Path $fallbackKey -Confirm:$false).Version | Should -Be 1
    }

    It 'signs through Vault while it is up' {
        $record = Invoke-VaultSign @sign -InputObject $artifact
        $record.SigningMode | Should -Be 'Vault'
        $record.Signature | Should -Match '^vault:v1:'
        $signed.Add($record)
    }

    It 'detects the outage: the node restarted sealed' {
        $sandbox | Restart-VaultSandbox | Out-Null
        @($sandbox | Get-VaultHealth | Where-Object Sealed) | Should -HaveCount 1
    }

    It 'refuses to fall back before fallback signing is enabled' {
        Invoke-VaultSign @sign -InputObject $artifact -ErrorVariable failed -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $failed[0].FullyQualifiedErrorId | Should -BeLike 'VaultRunbook.Signing.VaultUnavailable,*'
        $failed[0].Exception.Message | Should -BeLike '*after 3 attempt(s)*'
    }

    It 'enables fallback signing in the rollout state' {
        $state = Enable-FallbackSigning -ConfigPath $rollout -Reason 'vault sealed after restart' -Confirm:$false
        $state.AllowFallbackSigning | Should -BeTrue
        (Get-FallbackSigningStatus -ConfigPath $rollout -FallbackKeyPath $fallbackKey).Enabled | Should -BeTrue
    }

    It 'signs with the fallback key during the outage after 3 attempts at Vault' {
        $record = Invoke-VaultSign @sign -InputObject $artifact -WarningVariable warned -WarningAction SilentlyContinue
        $record.SigningMode | Should -Be 'Fallback'
        $record.Attempts | Should -Be 3
        $record.Signature | Should -Match '^fallback:v1:'
        $warned | Should -Not -BeNullOrEmpty
        $signed.Add($record)
    }

    It 'verifies both signatures while Vault is down, and rejects a tampered artifact' {
        foreach ($record in $signed) {
            ($record | Test-VaultSignature -InputObject $artifact -FallbackKeyPath $fallbackKey -Token $token).Valid | Should -BeTrue
        }
        $tampered = $signed[1] | Test-VaultSignature -InputObject ([byte[]]($artifact + 0)) -FallbackKeyPath $fallbackKey
        $tampered.Valid | Should -BeFalse
        $tampered.Reason | Should -BeLike '*does not match*'
    }

    It 'restores Vault and signs through it again' {
        $sandbox | Get-VaultHealth | Where-Object Sealed | Invoke-VaultUnseal -KeyFile $sandbox.UnsealKeysPath | Out-Null
        $record = Invoke-VaultSign @sign -InputObject $artifact
        $record.SigningMode | Should -Be 'Vault'
        $record.Attempts | Should -Be 1
    }

    It 'disables fallback signing' {
        (Disable-FallbackSigning -ConfigPath $rollout -Reason 'vault restored' -Confirm:$false).AllowFallbackSigning | Should -BeFalse
        (Get-FallbackSigningStatus -ConfigPath $rollout -FallbackKeyPath $fallbackKey).Enabled | Should -BeFalse
    }

    It 'rotates the fallback key; the outage signature still verifies' {
        $rotated = Update-FallbackSigningKey -Path $fallbackKey -Confirm:$false
        $rotated.Version | Should -Be 2
        $rotated.PreviousVersions | Should -Be @(1)
        ($signed[1] | Test-VaultSignature -InputObject $artifact -FallbackKeyPath $fallbackKey).Valid | Should -BeTrue
    }

    It 'leaves a timeline: the fallback signatures in the action journal' {
        $fallbacks = @(Get-VaultActionLog -Action Sign | Where-Object SigningMode -eq Fallback)
        $fallbacks | Should -HaveCount 1
        $fallbacks[0].Subject | Should -Be 'transit/release'
        @(Get-VaultActionLog -Action EnableFallbackSigning, DisableFallbackSigning, UpdateFallbackSigningKey).Action |
            Should -Be @('EnableFallbackSigning', 'DisableFallbackSigning', 'UpdateFallbackSigningKey')
    }
}
