using System.Collections;
using System.Management.Automation;
using VaultRunbook.Aws.Tests.Support;
using VaultRunbook.FakeAws;
using Xunit;

namespace VaultRunbook.Aws.Tests.Pipeline;

/// <summary>The storage cmdlets in a real pwsh runspace against the fake RDS, which verifies every signature.</summary>
public sealed class StorageCmdletTests : IDisposable
{
    private readonly FakeRds _rds = new();
    private readonly PowerShellSession _session = new();
    private readonly string _journal = Path.Combine(Path.GetTempPath(), $"vr-aws-journal-{Guid.NewGuid():N}.jsonl");
    private readonly Hashtable _variables;

    public StorageCmdletTests()
    {
        AwsEnvironment.Apply();
        _rds.AddInstance("vault-storage");
        _rds.PollsUntilAvailable = 2;
        var created = new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero);
        // Answered newest first across three pages, as a store may: the cmdlet sorts by time.
        for (var i = 44; i >= 0; i--)
        {
            _rds.Snapshots.Add(new FakeRdsSnapshot { Identifier = $"rds:vault-storage-{i:00}", InstanceIdentifier = "vault-storage", CreateTime = created.AddHours(i), Type = "automated" });
        }

        _variables = new Hashtable { ["rds"] = _rds.Endpoint.ToString(), ["journal"] = _journal };
        _session.Run("$global:VaultRunbookJournalPath = $journal", _variables);
    }

    [Fact]
    public void GetReadsEveryPageSortedByTime()
    {
        var result = _session.Run("Get-VaultStorageSnapshot -DBInstanceIdentifier vault-storage -EndpointUrl $rds", _variables);
        Assert.Empty(result.Errors);
        Assert.Equal(45, result.Output.Count);
        Assert.Equal("rds:vault-storage-00", result.Property(0, "SnapshotIdentifier"));
        Assert.Equal("rds:vault-storage-44", result.Property(44, "SnapshotIdentifier"));
        Assert.Equal("automated", result.Property(0, "Type"));
        Assert.Equal(1, _rds.Actions.Count(a => a == "DescribeDBSnapshots"));
    }

    [Fact]
    public void AnEnvironmentEndpointIsUsedWithoutEndpointUrl()
    {
        var result = _session.Run("$env:AWS_ENDPOINT_URL_RDS = $rds; try { Get-VaultStorageSnapshot vault-storage -SnapshotType automated | Measure-Object | ForEach-Object Count } finally { Remove-Item env:AWS_ENDPOINT_URL_RDS }", _variables);
        Assert.Empty(result.Errors);
        Assert.Equal(45, Assert.Single(result.Output).BaseObject);
    }

    [Fact]
    public void NewWaitsUntilAvailableWithProgressAndJournalsIt()
    {
        var result = _session.Run("New-VaultStorageSnapshot vault-storage -EndpointUrl $rds -Wait -PollIntervalSec 0 -Confirm:$false", _variables);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        var name = "vault-manual-" + DateTime.UtcNow.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(name, result.Property(0, "SnapshotIdentifier"));
        Assert.Equal("available", result.Property(0, "Status"));
        Assert.Contains(result.Progress, p => p.Activity == $"Waiting for snapshot {name}");
        var log = _session.Run("Get-VaultActionLog -Path $journal | Where-Object Action -eq NewStorageSnapshot | ForEach-Object Outcome", _variables);
        Assert.Equal(new object[] { "Created", "Available" }, log.Output.Select(o => o.BaseObject));
        Assert.DoesNotContain(FakeCredentials.SecretAccessKey, File.ReadAllText(_journal), StringComparison.Ordinal);
    }

    [Fact]
    public void NewWithWhatIfSendsNothingAndABadNameIsRefusedBeforeSending()
    {
        var whatIf = _session.Run("New-VaultStorageSnapshot vault-storage -EndpointUrl $rds -WhatIf", _variables);
        Assert.Empty(whatIf.Output);
        Assert.Empty(_rds.Actions);

        var bad = _session.Run("New-VaultStorageSnapshot vault-storage 'vault--manual' -EndpointUrl $rds -Confirm:$false", _variables);
        Assert.Equal("VaultRunbook.Aws.InvalidIdentifier,VaultRunbook.Cmdlets.Aws.NewVaultStorageSnapshotCommand", bad.StoppingError().FullyQualifiedErrorId);
        Assert.Empty(_rds.Actions);
    }

    [Fact]
    public void AWaitThatRunsOutIsATimeoutErrorWithTheSnapshotAsTarget()
    {
        _rds.PollsUntilAvailable = 1000;
        var result = _session.Run("New-VaultStorageSnapshot vault-storage vault-before-upgrade -EndpointUrl $rds -Wait -TimeoutSec 0 -PollIntervalSec 0 -Confirm:$false", _variables);
        var error = Assert.Single(result.Errors);
        Assert.Equal("VaultRunbook.Aws.WaitTimeout,VaultRunbook.Cmdlets.Aws.NewVaultStorageSnapshotCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, error.CategoryInfo.Category);
        Assert.Equal("vault-before-upgrade", error.TargetObject);
    }

    [Fact]
    public void ServiceErrorsCarryTheAwsCodeInTheErrorId()
    {
        var missing = _session.Run("Get-VaultStorageSnapshot no-such-instance -EndpointUrl $rds", _variables);
        var error = Assert.Single(missing.Errors);
        Assert.Equal("VaultRunbook.Aws.DBInstanceNotFound,VaultRunbook.Cmdlets.Aws.GetVaultStorageSnapshotCommand", error.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);

        _rds.ThrottleNext(100);
        var throttled = _session.Run("Get-VaultStorageSnapshot vault-storage -EndpointUrl $rds", _variables);
        Assert.Equal("VaultRunbook.Aws.Throttling,VaultRunbook.Cmdlets.Aws.GetVaultStorageSnapshotCommand", Assert.Single(throttled.Errors).FullyQualifiedErrorId);
        Assert.Equal(3, _rds.Throttled);
    }

    [Fact]
    public void RestoreGivesTheNewEndpointAndTheStanzaChange()
    {
        var result = _session.Run("Restore-VaultStorageToPointInTime vault-storage vault-storage-pitr -UseLatestRestorableTime -EndpointUrl $rds -Wait -PollIntervalSec 0 -Confirm:$false", _variables);
        Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
        Assert.Equal("vault-storage-pitr.c9akciq32.us-east-1.rds.amazonaws.com", result.Property(0, "Endpoint"));
        Assert.Equal("connection_url host: vault-storage.c9akciq32.us-east-1.rds.amazonaws.com:5432 -> vault-storage-pitr.c9akciq32.us-east-1.rds.amazonaws.com:5432", result.Property(0, "StorageStanzaChange"));
        Assert.Equal("available", _rds.Instances["vault-storage-pitr"].Status);
        var log = _session.Run("Get-VaultActionLog -Path $journal | Where-Object Action -eq RestoreStorageToPointInTime | ForEach-Object Outcome", _variables);
        Assert.Equal(new object[] { "Started", "Available" }, log.Output.Select(o => o.BaseObject));
    }

    [Fact]
    public void RestoreOutsideTheWindowIsAnInvalidRestoreError()
    {
        var result = _session.Run("Restore-VaultStorageToPointInTime vault-storage vault-storage-pitr -RestoreTime ([DateTimeOffset]::UtcNow.AddDays(-30)) -EndpointUrl $rds -Confirm:$false", _variables);
        Assert.Equal("VaultRunbook.Aws.InvalidRestore,VaultRunbook.Cmdlets.Aws.RestoreVaultStorageToPointInTimeCommand", Assert.Single(result.Errors).FullyQualifiedErrorId);
        Assert.False(_rds.Instances.ContainsKey("vault-storage-pitr"));
    }

    [Fact]
    public void AProfileFromTheSharedCredentialsFileSignsAndAnUnknownOneIsRefused()
    {
        var credentials = Path.Combine(Path.GetTempPath(), $"vr-aws-credentials-{Guid.NewGuid():N}");
        File.WriteAllText(credentials, $"[vault-ops]\naws_access_key_id = {FakeCredentials.AccessKeyId}\naws_secret_access_key = {FakeCredentials.SecretAccessKey}\n");
        _variables["credentials"] = credentials;
        try
        {
            var result = _session.Run("$env:AWS_SHARED_CREDENTIALS_FILE = $credentials; try { Get-VaultStorageSnapshot vault-storage -ProfileName vault-ops -EndpointUrl $rds | Measure-Object | ForEach-Object Count } finally { Remove-Item env:AWS_SHARED_CREDENTIALS_FILE }", _variables);
            Assert.True(result.Errors.Count == 0 && result.Terminating is null, result.Describe());
            Assert.Equal(45, Assert.Single(result.Output).BaseObject);
            Assert.Equal(1, _rds.SignaturesVerified);

            var unknown = _session.Run("$env:AWS_SHARED_CREDENTIALS_FILE = $credentials; try { Get-VaultStorageSnapshot vault-storage -ProfileName no-such-profile -EndpointUrl $rds } finally { Remove-Item env:AWS_SHARED_CREDENTIALS_FILE }", _variables);
            Assert.Equal("VaultRunbook.Aws.NoCredentials,VaultRunbook.Cmdlets.Aws.GetVaultStorageSnapshotCommand", unknown.StoppingError().FullyQualifiedErrorId);
            Assert.Single(_rds.Actions);
        }
        finally
        {
            File.Delete(credentials);
        }
    }

    [Fact]
    public void NoRegionIsAConfigurationErrorBeforeAnythingIsSent()
    {
        var result = _session.Run("$r = $env:AWS_REGION; $env:AWS_REGION = $null; try { Get-VaultStorageSnapshot vault-storage -EndpointUrl $rds } finally { $env:AWS_REGION = $r }", _variables);
        Assert.Equal("VaultRunbook.Aws.NoRegion,VaultRunbook.Cmdlets.Aws.GetVaultStorageSnapshotCommand", result.StoppingError().FullyQualifiedErrorId);
        Assert.Empty(_rds.Actions);
    }

    public void Dispose()
    {
        _session.Dispose();
        _rds.Dispose();
        File.Delete(_journal);
    }
}
