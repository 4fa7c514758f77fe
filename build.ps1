<#
.SYNOPSIS
    Build tasks for pwsh users: Build | Test | Package | Bench | Clean.
.EXAMPLE
    ./build.ps1 Build; Import-Module ./src/VaultRunbook.Cmdlets/bin/Release/net8.0/VaultRunbook.psd1
.EXAMPLE
    ./build.ps1 Package   # out/VaultRunbook/<version>/, a publishable module folder
.NOTES
    Needs pwsh; on a machine with only the .NET SDK: dotnet tool restore; dotnet pwsh ./build.ps1 Package
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Package', 'Bench', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$moduleOut = Join-Path $root "src/VaultRunbook.Cmdlets/bin/$Configuration/net8.0"

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

switch ($Task) {
    'Build' {
        Invoke-Dotnet build (Join-Path $root 'VaultRunbook.slnx') -c $Configuration
        "Module: $(Join-Path $moduleOut 'VaultRunbook.psd1')"
    }
    'Test' {
        # The Pester files run under real Pester 5.9.1 inside the suite (tests/unit/VaultRunbook.Pester.Tests).
        Invoke-Dotnet test (Join-Path $root 'VaultRunbook.slnx') -c $Configuration
    }
    'Package' {
        Invoke-Dotnet build (Join-Path $root 'src/VaultRunbook.Cmdlets/VaultRunbook.Cmdlets.csproj') -c $Configuration
        $manifest = Import-PowerShellDataFile (Join-Path $moduleOut 'VaultRunbook.psd1')
        $target = Join-Path $root "out/VaultRunbook/$($manifest.ModuleVersion)"
        if (Test-Path $target) { Remove-Item $target -Recurse -Force }
        New-Item -ItemType Directory -Path $target | Out-Null
        Get-ChildItem $moduleOut -Recurse -File |
            Where-Object { $_.Extension -notin '.pdb', '.json' -and $_.Name -ne 'VaultRunbook.Sandbox' } |
            ForEach-Object {
                $relative = [System.IO.Path]::GetRelativePath($moduleOut, $_.FullName)
                $destination = Join-Path $target $relative
                New-Item -ItemType Directory -Path (Split-Path $destination) -Force | Out-Null
                Copy-Item $_.FullName $destination
            }
        Copy-Item (Join-Path $root 'LICENSE') $target
        Test-ModuleManifest (Join-Path $target 'VaultRunbook.psd1') | Out-Null
        "Packaged: $target"
    }
    'Bench' {
        Invoke-Dotnet run --project (Join-Path $root 'bench/VaultRunbook.Bench') -c Release
    }
    'Clean' {
        Invoke-Dotnet clean (Join-Path $root 'VaultRunbook.slnx')
        foreach ($dir in 'out', 'artifacts', 'BenchmarkDotNet.Artifacts') {
            $path = Join-Path $root $dir
            if (Test-Path $path) { Remove-Item $path -Recurse -Force }
        }
    }
}
