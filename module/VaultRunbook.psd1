@{
    RootModule           = 'VaultRunbook.Cmdlets.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1f3c2e-6a3e-4c8e-9d0b-5b7f1c2a9e41'
    Author               = 'VaultRunbook'
    CompanyName          = 'VaultRunbook'
    Copyright            = '(c) VaultRunbook contributors. MIT License.'
    Description          = 'HashiCorp Vault operations runbooks as composable PowerShell pipeline steps.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('VaultRunbook.format.ps1xml')
    CmdletsToExport      = @(
        'Get-VaultHealth'
        'Get-VaultSealStatus'
        'Invoke-VaultUnseal'
        'Invoke-VaultSeal'
        'Get-VaultActionLog'
        'Invoke-VaultRequest'
        'Invoke-SecretRotation'
        'Undo-SecretRotation'
        'Get-VaultSecret'
        'Get-VaultSecretMetadata'
        'Set-VaultSecret'
        'Remove-VaultSecret'
        'Get-VaultAuditHash'
        'Get-VaultRollout'
        'Set-VaultCanary'
        'Enable-KillSwitch'
        'Disable-KillSwitch'
        'Step-VaultCanary'
        'Test-VaultRolloutReadiness'
        'Start-VaultSandbox'
        'Stop-VaultSandbox'
        'Restart-VaultSandbox'
        'Add-VaultSandboxFault'
        'Clear-VaultSandboxFault'
        'Search-VaultAuditLog'
        'Get-RunbookSecret'
        'Start-VaultEnvProcess'
        'Get-SecretAccessStats'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags       = @('Vault', 'HashiCorp', 'Runbook', 'SRE', 'Operations', 'Unseal', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            ProjectUri = 'https://github.com/vaultrunbook/VaultRunbook'
            LicenseUri = 'https://github.com/vaultrunbook/VaultRunbook/blob/main/LICENSE'
        }
    }
}
