using VaultRunbook.Aws.Tests.Support;
using VaultRunbook.Engine.Aws;
using VaultRunbook.Engine.Common;
using VaultRunbook.FakeAws;
using Xunit;

namespace VaultRunbook.Aws.Tests.Engine;

/// <summary>The Engine's RDS Query-API client against the fake RDS, which verifies every signature.</summary>
public sealed class RdsQueryClientTests : IDisposable
{
    private readonly FakeRds _rds = new();

    public RdsQueryClientTests()
    {
        _rds.AddInstance("vault-storage");
        for (var i = 0; i < 45; i++)
        {
            _rds.Snapshots.Add(new FakeRdsSnapshot
            {
                Identifier = $"rds:vault-storage-{i:00}",
                InstanceIdentifier = "vault-storage",
                CreateTime = new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero).AddDays(45 - i),
                Type = i % 2 == 0 ? "automated" : "manual",
                Encrypted = i % 3 != 0,
                AllocatedStorage = 20 + i,
            });
        }
    }

    [Fact]
    public async Task DescribeFollowsEveryMarkerAndKeepsEachField()
    {
        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials) { MaxRecords = 20 };
        var snapshots = await client.DescribeDBSnapshotsAsync("vault-storage", null, CancellationToken.None);
        Assert.Equal(45, snapshots.Count);
        Assert.Equal(3, _rds.Actions.Count(a => a == "DescribeDBSnapshots"));
        Assert.Equal(3, _rds.SignaturesVerified);
        var seventh = snapshots[7];
        Assert.Equal("rds:vault-storage-07", seventh.SnapshotIdentifier);
        Assert.Equal("manual", seventh.Type);
        Assert.Equal(27, seventh.Size);
        Assert.True(seventh.Encrypted);
        Assert.False(snapshots[6].Encrypted);
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero).AddDays(38), seventh.CreateTime);
    }

    [Fact]
    public async Task ThrottlingIsRetriedWithGrowingJitteredBackoff()
    {
        var delays = new List<TimeSpan>();
        _rds.ThrottleNext(2);
        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint, delays: delays), AwsTestSettings.Credentials);
        var snapshots = await client.DescribeDBSnapshotsAsync("vault-storage", null, CancellationToken.None);
        Assert.Equal(45, snapshots.Count);
        Assert.Equal(2, _rds.Throttled);
        Assert.Equal(3, client.Attempts);
        Assert.Equal(2, delays.Count);
        Assert.All(delays, d => Assert.InRange(d, TimeSpan.Zero, TimeSpan.FromSeconds(2)));
        Assert.InRange(delays[0], TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task ThrottlingBeyondTheAttemptsIsATypedErrorWithTheCode()
    {
        _rds.ThrottleNext(10);
        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials);
        var error = await Assert.ThrowsAsync<AwsException>(() => client.DescribeDBSnapshotsAsync("vault-storage", null, CancellationToken.None));
        Assert.Equal("VaultRunbook.Aws.Throttling", error.ErrorId);
        Assert.Equal(ErrorKind.ResourceUnavailable, error.Kind);
        Assert.Equal(3, _rds.Throttled);
        Assert.NotNull(error.RequestId);
    }

    [Fact]
    public async Task NotFoundAndInvalidStateMapToTheirKindsWithoutRetry()
    {
        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials);
        var missing = await Assert.ThrowsAsync<AwsException>(() => client.CreateDBSnapshotAsync("nope", "vault-manual-20261205", CancellationToken.None));
        Assert.Equal("VaultRunbook.Aws.DBInstanceNotFound", missing.ErrorId);
        Assert.Equal(ErrorKind.ObjectNotFound, missing.Kind);
        Assert.Equal(404, missing.StatusCode);

        _rds.Instances["vault-storage"].Status = "modifying";
        var busy = await Assert.ThrowsAsync<AwsException>(() => client.CreateDBSnapshotAsync("vault-storage", "vault-manual-20261205", CancellationToken.None));
        Assert.Equal("VaultRunbook.Aws.InvalidDBInstanceState", busy.ErrorId);
        Assert.Equal(ErrorKind.InvalidOperation, busy.Kind);
        Assert.Equal(2, client.Attempts);
    }

    [Fact]
    public async Task AWrongSecretIsRejectedByTheFakeAsSignatureDoesNotMatch()
    {
        var wrong = new Amazon.Runtime.BasicAWSCredentials(FakeCredentials.AccessKeyId, "not-the-secret");
        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), wrong);
        var error = await Assert.ThrowsAsync<AwsException>(() => client.DescribeDBSnapshotsAsync("vault-storage", null, CancellationToken.None));
        Assert.Equal("VaultRunbook.Aws.SignatureDoesNotMatch", error.ErrorId);
        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
        Assert.DoesNotContain("not-the-secret", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _rds.SignaturesRejected);
    }

    [Fact]
    public async Task ATamperedSignatureIsRejectedWhileTheSameRequestUntamperedPasses()
    {
        using (var good = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials))
        {
            await good.DescribeDBInstanceAsync("vault-storage", CancellationToken.None);
        }

        using var tampered = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials, new TamperingHandler());
        var error = await Assert.ThrowsAsync<AwsException>(() => tampered.DescribeDBInstanceAsync("vault-storage", CancellationToken.None));
        Assert.Equal("VaultRunbook.Aws.SignatureDoesNotMatch", error.ErrorId);
        Assert.Equal((1, 1), (_rds.SignaturesVerified, _rds.SignaturesRejected));
    }

    [Fact]
    public async Task AServerClockFarAheadRejectsTheSignatureAsRequestExpired()
    {
        _rds.Clock = () => DateTimeOffset.UtcNow.AddMinutes(30);
        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials);
        var error = await Assert.ThrowsAsync<AwsException>(() => client.DescribeDBSnapshotsAsync("vault-storage", null, CancellationToken.None));
        Assert.Equal("VaultRunbook.Aws.RequestExpired", error.ErrorId);
        Assert.Contains("Signature expired", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreSendsTheTimeAndTheWaiterSeesTheEndpointAppear()
    {
        var clock = new ManualClock();
        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials);
        var source = _rds.Instances["vault-storage"];
        var at = source.LatestRestorableTime!.Value.AddMinutes(-10);
        var restored = await client.RestoreDBInstanceToPointInTimeAsync("vault-storage", "vault-storage-pitr", at, CancellationToken.None);
        Assert.Equal("creating", restored.Status);
        Assert.Null(restored.EndpointAddress);

        var waiter = new RdsWaiter(client) { PollInterval = TimeSpan.FromSeconds(15), Now = () => clock.Now, Delay = clock.Sleep };
        var available = await waiter.InstanceAvailableAsync("vault-storage-pitr", TimeSpan.FromMinutes(5), null, CancellationToken.None);
        Assert.Equal("vault-storage-pitr.c9akciq32.us-east-1.rds.amazonaws.com", available.EndpointAddress);
        Assert.Equal(1, clock.Sleeps);

        var outside = await Assert.ThrowsAsync<AwsException>(() => client.RestoreDBInstanceToPointInTimeAsync("vault-storage", "vault-storage-pitr2", DateTimeOffset.UtcNow.AddDays(-30), CancellationToken.None));
        Assert.Equal("VaultRunbook.Aws.InvalidRestore", outside.ErrorId);
    }

    [Fact]
    public async Task ASnapshotWaitEndsWithATimeoutErrorWhenItStaysCreating()
    {
        _rds.PollsUntilAvailable = 100;
        var clock = new ManualClock();
        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials);
        await client.CreateDBSnapshotAsync("vault-storage", "vault-manual-20261205", CancellationToken.None);
        var waiter = new RdsWaiter(client) { PollInterval = TimeSpan.FromSeconds(10), Now = () => clock.Now, Delay = clock.Sleep };
        var seen = new List<int>();
        var error = await Assert.ThrowsAsync<AwsException>(() => waiter.SnapshotAvailableAsync("vault-manual-20261205", TimeSpan.FromSeconds(35), s => seen.Add(s.PercentProgress), CancellationToken.None));
        Assert.Equal("VaultRunbook.Aws.WaitTimeout", error.ErrorId);
        Assert.Equal(ErrorKind.OperationTimeout, error.Kind);
        Assert.Equal(3, clock.Sleeps);
        Assert.Equal(4, seen.Count);
    }

    [Theory]
    [InlineData("vault-manual-20261205", null)]
    [InlineData("9vault", "start with a letter")]
    [InlineData("vault--manual", "two consecutive hyphens")]
    [InlineData("vault-manual-", "end with a hyphen")]
    [InlineData("vault_manual", "letters, digits and hyphens")]
    public void SnapshotNamesFollowRdsRules(string name, string? broken)
    {
        if (broken is null)
        {
            Assert.Equal(name, RdsIdentifier.Validate(name, "snapshot identifier", RdsIdentifier.SnapshotMaxLength));
            return;
        }

        var error = Assert.Throws<AwsException>(() => RdsIdentifier.Validate(name, "snapshot identifier", RdsIdentifier.SnapshotMaxLength));
        Assert.Equal("VaultRunbook.Aws.InvalidIdentifier", error.ErrorId);
        Assert.Contains(broken, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _rds.Dispose();
}
