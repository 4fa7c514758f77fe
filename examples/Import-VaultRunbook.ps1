<#
.SYNOPSIS
    Imports the VaultRunbook module the same way for every example and Pester file (dot-source it).
.DESCRIPTION
    The module already imported in this session, else $env:VAULT_RUNBOOK_MODULE (a manifest path), else the newest
    build output under src/VaultRunbook.Cmdlets/bin (Debug or Release), else the installed module. Also defines
    Start-VaultRunbookDrillCluster, the drill cluster of the Kubernetes examples and Pester files.
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

# The drill cluster of the Kubernetes examples and Pester files: the fake Kubernetes API server of the tests
# (tests/peers/VaultRunbook.FakeKube), the copy built beside the test host when there is one, else the newest build
# under its own bin folder. Started on 127.0.0.1; $null when it is not built.
function Start-VaultRunbookDrillCluster {
    $fakeDll = @(
        [System.IO.Path]::Combine([AppContext]::BaseDirectory, 'VaultRunbook.FakeKube.dll')
        Get-ChildItem ([System.IO.Path]::Combine($PSScriptRoot, '..', 'tests', 'peers', 'VaultRunbook.FakeKube', 'bin', '*', 'net8.0', 'VaultRunbook.FakeKube.dll')) -ErrorAction Ignore |
            Sort-Object LastWriteTimeUtc -Descending | ForEach-Object FullName
    ) | Where-Object { Test-Path $_ } | Select-Object -First 1
    if (-not $fakeDll) { return $null }
    Add-Type -Path $fakeDll
    [VaultRunbook.FakeKube.FakeKubeServer]::Start()
}
