<#
.SYNOPSIS
    Before maintenance on Vault (an upgrade, a storage migration): take a manual RDS snapshot of Vault's storage,
    wait until it is available, and verify it is there, complete and encrypted, before work starts.

.DESCRIPTION
    The runbook's "snapshot before any risky operation" step:
      1. New-VaultStorageSnapshot takes vault-manual-yyyyMMdd (or -SnapshotName) and waits for "available";
      2. Get-VaultStorageSnapshot reads it back and the script checks status, type and encryption;
      3. the action journal (Get-VaultActionLog) shows who took it and when.
    Against real AWS: pass -DBInstanceIdentifier with credentials as the AWS CLI finds them (environment, profile,
    SSO, instance role) and, if needed, -Region / AWS_ENDPOINT_URL_RDS. Without -DBInstanceIdentifier it runs as a
    drill against the repository's fake RDS (tests/peers/VaultRunbook.FakeAws, once built), and prints a SKIP line
    and exits 0 when that is not built either.
    Runs unchanged in pwsh 7.4+ and under VaultRunbook.Host.

.EXAMPLE
    dotnet run --project src/VaultRunbook.Host -- -File examples/vault-storage-backup.ps1 -DBInstanceIdentifier vault-storage
#>
[CmdletBinding()]
param(
    [string] $DBInstanceIdentifier,
    [string] $SnapshotName,
    [ValidateRange(60, 86400)] [int] $TimeoutSec = 1800
)

$ErrorActionPreference = 'Stop'
. (Join-Path $PSScriptRoot 'Import-VaultRunbook.ps1')

$drill = $null
$pollIntervalSec = 15
if (-not $DBInstanceIdentifier) {
    $fakeAws = Get-ChildItem (Join-Path $PSScriptRoot '..' 'tests' 'peers' 'VaultRunbook.FakeAws' 'bin') -Recurse -Filter VaultRunbook.FakeAws.dll -ErrorAction SilentlyContinue |
        Sort-Object LastWriteTime | Select-Object -Last 1
    if (-not $fakeAws) {
        Write-Output 'SKIP: no RDS instance to snapshot. Pass -DBInstanceIdentifier (with AWS credentials), or build tests/peers/VaultRunbook.FakeAws for the drill.'
        exit 0
    }

    # Drill: the fake RDS on 127.0.0.1 verifies SigV4 with its documented example credentials (never real ones).
    Add-Type -Path $fakeAws.FullName
    $drill = [VaultRunbook.FakeAws.FakeRds]::new()
    $null = $drill.AddInstance('vault-storage')
    $env:AWS_ACCESS_KEY_ID = [VaultRunbook.FakeAws.FakeCredentials]::AccessKeyId
    $env:AWS_SECRET_ACCESS_KEY = [VaultRunbook.FakeAws.FakeCredentials]::SecretAccessKey
    $env:AWS_SESSION_TOKEN = $null
    $env:AWS_REGION = [VaultRunbook.FakeAws.FakeCredentials]::Region
    $env:AWS_ENDPOINT_URL_RDS = $drill.Endpoint.ToString()
    $VaultRunbookJournalPath = Join-Path ([System.IO.Path]::GetTempPath()) "vault-storage-backup-$([guid]::NewGuid().ToString('N')).jsonl"
    $DBInstanceIdentifier = 'vault-storage'
    $pollIntervalSec = 0
    Write-Output "Drill: fake RDS at $($drill.Endpoint) (instance vault-storage)"
}

try {
    $name = if ($SnapshotName) { $SnapshotName } else { 'vault-manual-{0:yyyyMMdd}' -f [DateTime]::UtcNow }
    Write-Output "Taking snapshot $name of $DBInstanceIdentifier before maintenance..."
    $snapshot = New-VaultStorageSnapshot -DBInstanceIdentifier $DBInstanceIdentifier -DBSnapshotIdentifier $name -Wait -TimeoutSec $TimeoutSec -PollIntervalSec $pollIntervalSec -Confirm:$false

    # Verify from a fresh read, not from what the create call returned.
    $found = Get-VaultStorageSnapshot -DBInstanceIdentifier $DBInstanceIdentifier -SnapshotType manual | Where-Object SnapshotIdentifier -eq $snapshot.SnapshotIdentifier
    $problems = @(
        if (-not $found) { 'the snapshot is not listed' }
        elseif ($found.Status -ne 'available') { "its status is $($found.Status)" }
        if ($found -and -not $found.Encrypted) { 'it is not encrypted' }
    )
    if ($problems) {
        throw "Snapshot $name is not a usable restore point: $($problems -join '; '). Do not start the maintenance."
    }

    $found | Format-Table | Out-String -Width 160 | Write-Output
    Get-VaultActionLog -Last 2 | Where-Object Action -eq NewStorageSnapshot | Format-Table Time, Action, Outcome, Subject | Out-String -Width 160 | Write-Output
    Write-Output "Verified: $($found.SnapshotIdentifier) is available ($($found.Size) GiB, encrypted). Maintenance can start."
}
finally {
    if ($drill) {
        $drill.Dispose()
        Remove-Item env:AWS_ENDPOINT_URL_RDS -ErrorAction SilentlyContinue
        [System.IO.File]::Delete($VaultRunbookJournalPath)
    }
}
