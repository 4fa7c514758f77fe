using System.Globalization;
using VaultRunbook.Aws.Tests.Support;
using VaultRunbook.FakeAws;
using Xunit;

namespace VaultRunbook.Aws.Tests.Peers;

/// <summary>The fake RDS judged by the AWS CLI: botocore signs, the fake verifies, botocore parses every field.</summary>
public sealed class FakeRdsCliTests : IDisposable
{
    private readonly FakeRds _rds = new();

    public FakeRdsCliTests()
    {
        _rds.AddInstance("vault-storage");
        for (var i = 0; i < 45; i++)
        {
            _rds.Snapshots.Add(new FakeRdsSnapshot
            {
                Identifier = $"rds:vault-storage-2026-11-{i:00}",
                InstanceIdentifier = "vault-storage",
                CreateTime = new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero).AddDays(i),
                Type = "automated",
            });
        }
    }

    [Fact]
    public void DescribeDbSnapshotsPagesThroughEveryMarkerAndParses()
    {
        var (code, json, error) = AwsCli.Run(_rds.Endpoint, "rds", "describe-db-snapshots", "--db-instance-identifier", "vault-storage", "--page-size", "20");
        Assert.True(code == 0, error);
        var snapshots = json!.Value.GetProperty("DBSnapshots").EnumerateArray().ToList();
        Assert.Equal(45, snapshots.Count);
        Assert.Equal(3, _rds.Actions.Count(a => a == "DescribeDBSnapshots"));
        var first = snapshots[0];
        Assert.Equal("rds:vault-storage-2026-11-00", first.GetProperty("DBSnapshotIdentifier").GetString());
        Assert.Equal("automated", first.GetProperty("SnapshotType").GetString());
        Assert.True(first.GetProperty("Encrypted").GetBoolean());
        Assert.Equal(20, first.GetProperty("AllocatedStorage").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 10, 1, 3, 0, 0, TimeSpan.Zero), DateTimeOffset.Parse(first.GetProperty("SnapshotCreateTime").GetString()!, CultureInfo.InvariantCulture));
        Assert.Equal(3, _rds.SignaturesVerified);
        Assert.Equal(0, _rds.SignaturesRejected);
    }

    [Fact]
    public void CreateDbSnapshotStartsCreatingAndBecomesAvailableOverDescribes()
    {
        var (code, json, error) = AwsCli.Run(_rds.Endpoint, "rds", "create-db-snapshot", "--db-instance-identifier", "vault-storage", "--db-snapshot-identifier", "vault-manual-20261205");
        Assert.True(code == 0, error);
        Assert.Equal("creating", json!.Value.GetProperty("DBSnapshot").GetProperty("Status").GetString());
        string? status = null;
        for (var poll = 0; poll < 5 && status != "available"; poll++)
        {
            var described = AwsCli.Run(_rds.Endpoint, "rds", "describe-db-snapshots", "--db-snapshot-identifier", "vault-manual-20261205");
            status = described.Json!.Value.GetProperty("DBSnapshots")[0].GetProperty("Status").GetString();
        }

        Assert.Equal("available", status);
    }

    [Fact]
    public void RestoreToPointInTimeAnswersTheNewInstanceAndErrorsCarryTheCode()
    {
        var (code, json, error) = AwsCli.Run(_rds.Endpoint, "rds", "restore-db-instance-to-point-in-time", "--source-db-instance-identifier", "vault-storage", "--target-db-instance-identifier", "vault-storage-pitr", "--use-latest-restorable-time");
        Assert.True(code == 0, error);
        var instance = json!.Value.GetProperty("DBInstance");
        Assert.Equal("vault-storage-pitr", instance.GetProperty("DBInstanceIdentifier").GetString());
        Assert.Equal("creating", instance.GetProperty("DBInstanceStatus").GetString());

        var missing = AwsCli.Run(_rds.Endpoint, "rds", "restore-db-instance-to-point-in-time", "--source-db-instance-identifier", "nope", "--target-db-instance-identifier", "x", "--use-latest-restorable-time");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("(DBInstanceNotFound)", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrongSecretIsRefusedWithSignatureDoesNotMatch()
    {
        var previous = Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY");
        var result = AwsCliWithSecret("not-the-secret");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(SignatureDoesNotMatch)", result.Error, StringComparison.Ordinal);
        Assert.Equal(1, _rds.SignaturesRejected);
        Assert.Equal(previous, Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
    }

    [Fact]
    public void ThrottlingIsAnsweredInTheQueryErrorShape()
    {
        _rds.ThrottleNext(1);
        var (code, _, error) = AwsCli.Run(_rds.Endpoint, "rds", "describe-db-snapshots", "--db-instance-identifier", "vault-storage");
        Assert.NotEqual(0, code);
        Assert.Contains("(Throttling)", error, StringComparison.Ordinal);
        Assert.Contains("Rate exceeded", error, StringComparison.Ordinal);
    }

    private (int ExitCode, string Error) AwsCliWithSecret(string secret)
    {
        var start = new System.Diagnostics.ProcessStartInfo("aws") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "rds", "describe-db-snapshots", "--endpoint-url", _rds.Endpoint.ToString() })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["AWS_ACCESS_KEY_ID"] = FakeCredentials.AccessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment["AWS_DEFAULT_REGION"] = FakeCredentials.Region;
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment["AWS_CONFIG_FILE"] = "/nonexistent/config";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent/credentials";
        using var process = System.Diagnostics.Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error);
    }

    public void Dispose() => _rds.Dispose();
}
