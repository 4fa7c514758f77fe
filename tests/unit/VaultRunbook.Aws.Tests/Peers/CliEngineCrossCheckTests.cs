using System.Globalization;
using Amazon.KeyManagementService.Model;
using VaultRunbook.Aws.Tests.Support;
using VaultRunbook.Engine.Aws;
using VaultRunbook.FakeAws;
using Xunit;

namespace VaultRunbook.Aws.Tests.Peers;

/// <summary>The same calls through the AWS CLI and through the Engine give the same values.</summary>
public sealed class CliEngineCrossCheckTests : IDisposable
{
    private readonly FakeRds _rds = new();
    private readonly FakeKms _kms = new();

    [Fact]
    public async Task SnapshotsCreatedByTheCliReadTheSameThroughTheEngine()
    {
        _rds.AddInstance("vault-storage");
        _rds.PollsUntilAvailable = 1;
        for (var i = 0; i < 25; i++)
        {
            _rds.Snapshots.Add(new FakeRdsSnapshot { Identifier = $"rds:vault-storage-{i:00}", InstanceIdentifier = "vault-storage", CreateTime = new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero).AddHours(i), Type = "automated", Encrypted = i % 2 == 0 });
        }

        var created = AwsCli.Run(_rds.Endpoint, "rds", "create-db-snapshot", "--db-instance-identifier", "vault-storage", "--db-snapshot-identifier", "vault-manual-20261205");
        Assert.True(created.ExitCode == 0, created.Error);
        var cli = AwsCli.Run(_rds.Endpoint, "rds", "describe-db-snapshots", "--db-instance-identifier", "vault-storage", "--page-size", "20");
        Assert.True(cli.ExitCode == 0, cli.Error);

        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials) { MaxRecords = 20 };
        var engine = await client.DescribeDBSnapshotsAsync("vault-storage", null, CancellationToken.None);
        var fromCli = cli.Json!.Value.GetProperty("DBSnapshots").EnumerateArray().ToList();
        Assert.Equal(fromCli.Count, engine.Count);
        Assert.Equal(26, engine.Count);
        for (var i = 0; i < engine.Count; i++)
        {
            var c = fromCli[i];
            Assert.Equal(c.GetProperty("DBSnapshotIdentifier").GetString(), engine[i].SnapshotIdentifier);
            Assert.Equal(c.GetProperty("Status").GetString(), engine[i].Status);
            Assert.Equal(c.GetProperty("SnapshotType").GetString(), engine[i].Type);
            Assert.Equal(c.GetProperty("AllocatedStorage").GetInt32(), engine[i].Size);
            Assert.Equal(c.GetProperty("Encrypted").GetBoolean(), engine[i].Encrypted);
            Assert.Equal(c.GetProperty("DBSnapshotArn").GetString(), engine[i].SnapshotArn);
            Assert.Equal(
                c.TryGetProperty("SnapshotCreateTime", out var t) ? DateTimeOffset.Parse(t.GetString()!, CultureInfo.InvariantCulture) : null,
                engine[i].CreateTime);
        }
    }

    [Fact]
    public async Task ARestoreMadeByTheCliIsSeenTheSameByTheEngine()
    {
        _rds.AddInstance("vault-storage");
        var restored = AwsCli.Run(_rds.Endpoint, "rds", "restore-db-instance-to-point-in-time", "--source-db-instance-identifier", "vault-storage", "--target-db-instance-identifier", "vault-storage-pitr", "--restore-time", DateTimeOffset.UtcNow.AddMinutes(-20).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        Assert.True(restored.ExitCode == 0, restored.Error);
        _rds.Instances["vault-storage-pitr"].PollsLeft = 0;
        using var client = new RdsQueryClient(AwsTestSettings.For(_rds.Endpoint), AwsTestSettings.Credentials);
        var engine = await client.DescribeDBInstanceAsync("vault-storage-pitr", CancellationToken.None);
        var cli = AwsCli.Run(_rds.Endpoint, "rds", "describe-db-instances", "--db-instance-identifier", "vault-storage-pitr");
        var instance = cli.Json!.Value.GetProperty("DBInstances")[0];
        Assert.Equal(instance.GetProperty("DBInstanceStatus").GetString(), engine.Status);
        Assert.Equal(instance.GetProperty("Endpoint").GetProperty("Address").GetString(), engine.EndpointAddress);
        Assert.Equal(instance.GetProperty("Endpoint").GetProperty("Port").GetInt32(), engine.Port);
        Assert.Equal(instance.GetProperty("DBInstanceArn").GetString(), engine.InstanceArn);
    }

    [Fact]
    public async Task KmsAnswersTheCliAndTheEngineAlike()
    {
        var key = _kms.AddKey("alias/vault-unseal");
        key.KeyState = "PendingDeletion";
        key.DeletionDate = new DateTimeOffset(2026, 12, 12, 0, 0, 0, TimeSpan.Zero);
        var cli = AwsCli.Run(_kms.Endpoint, "kms", "describe-key", "--key-id", "alias/vault-unseal");
        Assert.True(cli.ExitCode == 0, cli.Error);
        using var kms = AutoUnsealCheck.CreateClient(AwsTestSettings.For(_kms.Endpoint), AwsTestSettings.Credentials);
        var engine = (await kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = "alias/vault-unseal" })).KeyMetadata;
        var metadata = cli.Json!.Value.GetProperty("KeyMetadata");
        Assert.Equal(metadata.GetProperty("Arn").GetString(), engine.Arn);
        Assert.Equal(metadata.GetProperty("KeyState").GetString(), engine.KeyState.Value);
        Assert.Equal(metadata.GetProperty("Enabled").GetBoolean(), engine.Enabled);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds((long)(metadata.GetProperty("DeletionDate").GetDouble() * 1000)), new DateTimeOffset(DateTime.SpecifyKind(engine.DeletionDate!.Value, DateTimeKind.Utc)));

        var diagnosis = await new AutoUnsealCheck(kms).RunAsync("alias/vault-unseal", null, null, CancellationToken.None);
        Assert.Equal("KeyPendingDeletion", diagnosis.Verdict);
        var encrypt = AwsCli.Run(_kms.Endpoint, "kms", "encrypt", "--key-id", "alias/vault-unseal", "--plaintext", "probe");
        Assert.Contains("(KMSInvalidStateException)", encrypt.Error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _rds.Dispose();
        _kms.Dispose();
    }
}
