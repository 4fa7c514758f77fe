# Pester 5 scenario for the storage-recovery runbook (Vault on RDS PostgreSQL, unsealed by AWS KMS). Runs under
# real Pester 5.9.1 (tests/unit/VaultRunbook.Pester.Tests) against the fake RDS and KMS (tests/peers), which verify
# every request's SigV4 signature with the test credentials.

Describe 'Vault storage on AWS: snapshot, point-in-time restore, auto-unseal diagnosis' {
    BeforeAll {
        . ([System.IO.Path]::Combine($PSScriptRoot, '..', '..', 'examples', 'Import-VaultRunbook.ps1'))
        $fakeAws = @(
            [System.IO.Path]::Combine([AppContext]::BaseDirectory, 'VaultRunbook.FakeAws.dll')
            Get-ChildItem ([System.IO.Path]::Combine($PSScriptRoot, '..', 'peers', 'VaultRunbook.FakeAws', 'bin')) -Recurse -Filter VaultRunbook.FakeAws.dll -ErrorAction SilentlyContinue | ForEach-Object FullName
        ) | Where-Object { [System.IO.File]::Exists($_) } | Select-Object -First 1
        if (-not $fakeAws) { throw 'VaultRunbook.FakeAws.dll is not built (dotnet build tests/peers/VaultRunbook.FakeAws).' }
        Add-Type -Path $fakeAws

        $savedEnvironment = @{}
        foreach ($name in 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_PROFILE') {
            $savedEnvironment[$name] = [Environment]::GetEnvironmentVariable($name)
        }
        $env:AWS_ACCESS_KEY_ID = [VaultRunbook.FakeAws.FakeCredentials]::AccessKeyId
        $env:AWS_SECRET_ACCESS_KEY = [VaultRunbook.FakeAws.FakeCredentials]::SecretAccessKey
        $env:AWS_REGION = [VaultRunbook.FakeAws.FakeCredentials]::Region
        $env:AWS_SESSION_TOKEN = $null
        $env:AWS_PROFILE = $null

        $VaultRunbookJournalPath = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), "storage-recovery-tests-$([guid]::NewGuid().ToString('N')).jsonl")
        $rds = [VaultRunbook.FakeAws.FakeRds]::new()
        $null = $rds.AddInstance('vault-storage')
        $start = [DateTimeOffset]::new(2026, 11, 1, 3, 0, 0, [TimeSpan]::Zero)
        foreach ($day in 29..0) {
            $snapshot = [VaultRunbook.FakeAws.FakeRdsSnapshot]@{ Identifier = 'rds:vault-storage-{0:00}' -f $day; InstanceIdentifier = 'vault-storage'; CreateTime = $start.AddDays($day); Type = 'automated' }
            $rds.Snapshots.Add($snapshot)
        }
        $kms = [VaultRunbook.FakeAws.FakeKms]::new()
        $aws = @{ EndpointUrl = $rds.Endpoint.ToString() }
    }

    AfterAll {
        if ($rds) { $rds.Dispose() }
        if ($kms) { $kms.Dispose() }
        foreach ($name in $savedEnvironment.Keys) { [Environment]::SetEnvironmentVariable($name, $savedEnvironment[$name]) }
        [System.IO.File]::Delete($VaultRunbookJournalPath)
    }

    It 'lists every snapshot of the instance, oldest first' {
        $snapshots = Get-VaultStorageSnapshot -DBInstanceIdentifier vault-storage @aws
        $snapshots | Should -HaveCount 30
        $snapshots[0].SnapshotIdentifier | Should -Be 'rds:vault-storage-00'
        $snapshots[-1].SnapshotIdentifier | Should -Be 'rds:vault-storage-29'
        $snapshots | ForEach-Object Type | Select-Object -Unique | Should -Be 'automated'
    }

    It 'takes a manual snapshot before maintenance and waits until it is available' {
        $snapshot = New-VaultStorageSnapshot vault-storage vault-before-upgrade -Wait -PollIntervalSec 0 -Confirm:$false @aws
        $snapshot.Status | Should -Be 'available'
        $snapshot.Encrypted | Should -BeTrue
        (Get-VaultStorageSnapshot vault-storage -SnapshotType manual @aws).SnapshotIdentifier | Should -Be 'vault-before-upgrade'
        (Get-VaultActionLog -Path $VaultRunbookJournalPath | Where-Object Action -eq NewStorageSnapshot).Outcome | Should -Be 'Created', 'Available'
    }

    It 'refuses a name RDS would refuse, before calling RDS' {
        $before = $rds.Actions.Count
        { New-VaultStorageSnapshot vault-storage 'vault_before' -Confirm:$false @aws } | Should -Throw -ErrorId 'VaultRunbook.Aws.InvalidIdentifier,VaultRunbook.Cmdlets.Aws.NewVaultStorageSnapshotCommand'
        $rds.Actions.Count | Should -Be $before
    }

    It 'restores to the latest restorable time and says how to point Vault at the new instance' {
        $restore = Restore-VaultStorageToPointInTime vault-storage vault-storage-pitr -UseLatestRestorableTime -Wait -PollIntervalSec 0 -Confirm:$false @aws
        $restore.Status | Should -Be 'available'
        $restore.Endpoint | Should -BeLike 'vault-storage-pitr.*.rds.amazonaws.com'
        $restore.StorageStanzaChange | Should -BeLike "connection_url host: vault-storage.*:5432 -> $($restore.Endpoint):5432"
        $restore.StorageStanza | Should -Match '<user>:<password>@vault-storage-pitr\.'
    }

    It 'gives the AWS code of a service error in the ErrorId' {
        $null = Get-VaultStorageSnapshot no-such-instance @aws -ErrorVariable failures -ErrorAction SilentlyContinue
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'VaultRunbook.Aws.DBInstanceNotFound,*'
    }

    It 'diagnoses a <State> key as <Verdict>' -ForEach @(
        @{ State = 'Enabled'; Denied = $null; Verdict = 'Healthy' }
        @{ State = 'Disabled'; Denied = $null; Verdict = 'KeyDisabled' }
        @{ State = 'PendingDeletion'; Denied = $null; Verdict = 'KeyPendingDeletion' }
        @{ State = 'Enabled'; Denied = 'Decrypt'; Verdict = 'AccessDenied' }
    ) {
        $key = $kms.AddKey("alias/vault-$([guid]::NewGuid().ToString('N').Substring(0, 8))")
        $key.KeyState = $State
        if ($Denied) { $null = $key.DeniedOperations.Add($Denied) }
        $diagnosis = Test-VaultAutoUnseal -KeyId $key.Alias -SkipSealStatus -EndpointUrl $kms.Endpoint.ToString()
        $diagnosis.Verdict | Should -Be $Verdict
        $diagnosis.NextStep | Should -Not -BeNullOrEmpty
    }
}
