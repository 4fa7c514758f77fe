<#
.SYNOPSIS
    Imports the VaultRunbook module the same way for every example and Pester file (dot-source it).
.DESCRIPTION
    The module already imported in this session, else $env:VAULT_RUNBOOK_MODULE (a manifest path), else the newest
    build output under src/VaultRunbook.Cmdlets/bin (Debug or Release), else the installed module.
#>
if (-not (Get-Module VaultRunbook)) {
    $vaultRunbookModule = if ($env:VAULT_RUNBOOK_MODULE) {
        $env:VAULT_RUNBOOK_MODULE
    }
    else {
        $built = Get-ChildItem -Path ([System.IO.Path]::Combine($PSScriptRoot, '..', 'src', 'VaultRunbook.Cmdlets', 'bin', '*', 'net8.0', 'VaultRunbook.Cmdlets.dll')) -ErrorAction Ignore |
            Sort-Object LastWriteTimeUtc -Descending | Select-Object -First 1
        if ($built) { Join-Path $built.DirectoryName 'VaultRunbook.psd1' } else { 'VaultRunbook' }
    }
    Import-Module $vaultRunbookModule -ErrorAction Stop
    Remove-Variable vaultRunbookModule, built -ErrorAction Ignore
}
