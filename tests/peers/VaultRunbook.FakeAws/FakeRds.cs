using System.Globalization;
using System.Text;
using System.Xml.Linq;

namespace VaultRunbook.FakeAws;

/// <summary>
/// A fake Amazon RDS endpoint speaking the Query API (form-encoded POST, Action=..., Version=2014-10-31) with the XML
/// answers botocore's service model (rds/2014-10-31/service-2.json) describes: DescribeDBSnapshots (paged through
/// Marker/MaxRecords), CreateDBSnapshot, DescribeDBInstances, RestoreDBInstanceToPointInTime. Every request's SigV4
/// signature is verified; throttling can be injected; snapshots and restored instances move to "available" over
/// describes, not wall time.
/// </summary>
public sealed class FakeRds : IDisposable
{
    private static readonly XNamespace Ns = "http://rds.amazonaws.com/doc/2014-10-31/";
    private readonly FakeHttpServer _server;
    private readonly SigV4Check _signature;
    private int _throttleNext;

    public FakeRds(Func<DateTimeOffset>? clock = null)
    {
        Clock = clock ?? (() => DateTimeOffset.UtcNow);
        _signature = new SigV4Check("rds", new Dictionary<string, string> { [FakeCredentials.AccessKeyId] = FakeCredentials.SecretAccessKey }, () => Clock());
        _server = new FakeHttpServer(Handle);
    }

    public Uri Endpoint => _server.Endpoint;

    public Func<DateTimeOffset> Clock { get; set; }

    public List<FakeRdsSnapshot> Snapshots { get; } = new();

    public Dictionary<string, FakeRdsInstance> Instances { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How many describes a new snapshot or restored instance stays "creating".</summary>
    public int PollsUntilAvailable { get; set; } = 2;

    /// <summary>Actions received (after signature checks passed or not), in order.</summary>
    public List<string> Actions { get; } = new();

    public int SignaturesVerified => _signature.Verified;

    public int SignaturesRejected => _signature.Rejected;

    public int Throttled { get; private set; }

    /// <summary>The next <paramref name="count"/> signed requests answer 400 Throttling.</summary>
    public void ThrottleNext(int count) => _throttleNext = count;

    public FakeRdsInstance AddInstance(string identifier)
    {
        var instance = new FakeRdsInstance { Identifier = identifier, LatestRestorableTime = Clock().AddMinutes(-5), EarliestRestorableTime = Clock().AddDays(-7) };
        Instances[identifier] = instance;
        return instance;
    }

    private FakeResponse Handle(FakeRequest request)
    {
        var requestId = Guid.NewGuid().ToString();
        var form = ParseForm(Encoding.UTF8.GetString(request.Body));
        form.TryGetValue("Action", out var action);
        Actions.Add(action ?? string.Empty);
        var failure = _signature.Verify(request);
        if (failure is not null)
        {
            return failure.Kind switch
            {
                SigV4FailureKind.Missing => Error(403, "Sender", "MissingAuthenticationToken", failure.Message, requestId),
                SigV4FailureKind.UnknownKey => Error(403, "Sender", "InvalidClientTokenId", failure.Message, requestId),
                SigV4FailureKind.Expired => Error(400, "Sender", "RequestExpired", failure.Message, requestId),
                _ => Error(403, "Sender", "SignatureDoesNotMatch", failure.Message, requestId),
            };
        }

        if (request.Method != "POST" && request.Method != "GET")
        {
            return Error(400, "Sender", "InvalidAction", "The action or operation requested is invalid.", requestId);
        }

        if (!form.TryGetValue("Version", out var version) || version != "2014-10-31")
        {
            return Error(400, "Sender", "InvalidParameterValue", $"Unsupported API version '{version}'.", requestId);
        }

        if (_throttleNext > 0)
        {
            _throttleNext--;
            Throttled++;
            return Error(400, "Sender", "Throttling", "Rate exceeded", requestId);
        }

        try
        {
            return action switch
            {
                "DescribeDBSnapshots" => DescribeDbSnapshots(form, requestId),
                "CreateDBSnapshot" => CreateDbSnapshot(form, requestId),
                "DescribeDBInstances" => DescribeDbInstances(form, requestId),
                "RestoreDBInstanceToPointInTime" => Restore(form, requestId),
                _ => Error(400, "Sender", "InvalidAction", $"Could not find operation {action} for version 2014-10-31", requestId),
            };
        }
        catch (FakeFault fault)
        {
            return Error(fault.Status, "Sender", fault.Code, fault.Message, requestId);
        }
    }

    private FakeResponse DescribeDbSnapshots(Dictionary<string, string> form, string requestId)
    {
        var maxRecords = 100;
        if (form.TryGetValue("MaxRecords", out var max))
        {
            maxRecords = int.Parse(max, CultureInfo.InvariantCulture);
            if (maxRecords is < 20 or > 100)
            {
                throw new FakeFault(400, "InvalidParameterValue", $"Invalid value {maxRecords} for MaxRecords. Must be between 20 and 100");
            }
        }

        IEnumerable<FakeRdsSnapshot> matching = Snapshots;
        if (form.TryGetValue("DBInstanceIdentifier", out var instance))
        {
            if (!Instances.ContainsKey(instance))
            {
                throw new FakeFault(404, "DBInstanceNotFound", $"DBInstance {instance} not found.");
            }

            matching = matching.Where(s => string.Equals(s.InstanceIdentifier, instance, StringComparison.OrdinalIgnoreCase));
        }

        if (form.TryGetValue("DBSnapshotIdentifier", out var snapshotId))
        {
            matching = matching.Where(s => string.Equals(s.Identifier, snapshotId, StringComparison.OrdinalIgnoreCase)).ToList();
            if (!matching.Any())
            {
                throw new FakeFault(404, "DBSnapshotNotFound", $"DBSnapshot {snapshotId} not found.");
            }
        }

        if (form.TryGetValue("SnapshotType", out var type))
        {
            matching = matching.Where(s => s.Type == type);
        }

        var all = matching.ToList();
        var start = 0;
        if (form.TryGetValue("Marker", out var marker))
        {
            start = int.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(marker)), CultureInfo.InvariantCulture);
        }

        var page = all.Skip(start).Take(maxRecords).ToList();
        foreach (var snapshot in page)
        {
            Advance(snapshot);
        }

        var result = new XElement(Ns + "DescribeDBSnapshotsResult");
        if (start + page.Count < all.Count)
        {
            result.Add(new XElement(Ns + "Marker", Convert.ToBase64String(Encoding.UTF8.GetBytes((start + page.Count).ToString(CultureInfo.InvariantCulture)))));
        }

        result.Add(new XElement(Ns + "DBSnapshots", page.Select(s => SnapshotXml(s, "DBSnapshot"))));
        return Ok("DescribeDBSnapshots", result, requestId);
    }

    private FakeResponse CreateDbSnapshot(Dictionary<string, string> form, string requestId)
    {
        var id = Required(form, "DBSnapshotIdentifier");
        var instanceId = Required(form, "DBInstanceIdentifier");
        if (!Instances.TryGetValue(instanceId, out var instance))
        {
            throw new FakeFault(404, "DBInstanceNotFound", $"DBInstance {instanceId} not found.");
        }

        if (instance.Status != "available")
        {
            throw new FakeFault(400, "InvalidDBInstanceState", $"Cannot create a snapshot because the database instance {instanceId} is not currently in the available state.");
        }

        if (Snapshots.Any(s => string.Equals(s.Identifier, id, StringComparison.OrdinalIgnoreCase)))
        {
            throw new FakeFault(400, "DBSnapshotAlreadyExists", $"Cannot create the snapshot because a snapshot with the identifier {id} already exists.");
        }

        var snapshot = new FakeRdsSnapshot
        {
            Identifier = id.ToLowerInvariant(),
            InstanceIdentifier = instance.Identifier,
            CreateTime = Clock(),
            Status = "creating",
            PercentProgress = 0,
            PollsLeft = PollsUntilAvailable,
            AllocatedStorage = instance.AllocatedStorage,
            Encrypted = instance.StorageEncrypted,
        };
        Snapshots.Add(snapshot);
        return Ok("CreateDBSnapshot", new XElement(Ns + "CreateDBSnapshotResult", SnapshotXml(snapshot, "DBSnapshot")), requestId);
    }

    private FakeResponse DescribeDbInstances(Dictionary<string, string> form, string requestId)
    {
        IEnumerable<FakeRdsInstance> matching = Instances.Values;
        if (form.TryGetValue("DBInstanceIdentifier", out var id))
        {
            if (!Instances.TryGetValue(id, out var one))
            {
                throw new FakeFault(404, "DBInstanceNotFound", $"DBInstance {id} not found.");
            }

            matching = [one];
        }

        var list = matching.ToList();
        foreach (var instance in list)
        {
            if (instance.Status == "creating" && --instance.PollsLeft <= 0)
            {
                instance.Status = "available";
                instance.LatestRestorableTime = Clock();
            }
        }

        return Ok("DescribeDBInstances", new XElement(Ns + "DescribeDBInstancesResult", new XElement(Ns + "DBInstances", list.Select(i => InstanceXml(i)))), requestId);
    }

    private FakeResponse Restore(Dictionary<string, string> form, string requestId)
    {
        var sourceId = Required(form, "SourceDBInstanceIdentifier");
        var targetId = Required(form, "TargetDBInstanceIdentifier");
        if (!Instances.TryGetValue(sourceId, out var source))
        {
            throw new FakeFault(404, "DBInstanceNotFound", $"DBInstance {sourceId} not found.");
        }

        if (Instances.ContainsKey(targetId))
        {
            throw new FakeFault(400, "DBInstanceAlreadyExists", "DB instance already exists");
        }

        var useLatest = form.TryGetValue("UseLatestRestorableTime", out var latest) && latest == "true";
        var hasTime = form.TryGetValue("RestoreTime", out var timeText);
        if (useLatest == hasTime)
        {
            throw new FakeFault(400, "InvalidParameterCombination", "Exactly one of RestoreTime or UseLatestRestorableTime must be specified.");
        }

        if (hasTime)
        {
            var time = DateTimeOffset.Parse(timeText!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            if (time > source.LatestRestorableTime || time < source.EarliestRestorableTime)
            {
                throw new FakeFault(400, "InvalidRestoreFault", $"Restore time {timeText} is outside the restorable window of {sourceId}.");
            }
        }

        var restored = new FakeRdsInstance
        {
            Identifier = targetId.ToLowerInvariant(),
            Status = "creating",
            PollsLeft = PollsUntilAvailable,
            Engine = source.Engine,
            EngineVersion = source.EngineVersion,
            InstanceClass = form.GetValueOrDefault("DBInstanceClass") ?? source.InstanceClass,
            Port = source.Port,
            AllocatedStorage = source.AllocatedStorage,
            StorageEncrypted = source.StorageEncrypted,
            LatestRestorableTime = null,
        };
        Instances[restored.Identifier] = restored;
        return Ok("RestoreDBInstanceToPointInTime", new XElement(Ns + "RestoreDBInstanceToPointInTimeResult", InstanceXml(restored)), requestId);
    }

    private static void Advance(FakeRdsSnapshot snapshot)
    {
        if (snapshot.Status != "creating")
        {
            return;
        }

        snapshot.PollsLeft--;
        if (snapshot.PollsLeft <= 0)
        {
            snapshot.Status = "available";
            snapshot.PercentProgress = 100;
        }
        else
        {
            snapshot.PercentProgress = Math.Min(99, snapshot.PercentProgress + 50);
        }
    }

    private static XElement SnapshotXml(FakeRdsSnapshot s, string name) =>
        new(Ns + name,
            new XElement(Ns + "DBSnapshotIdentifier", s.Identifier),
            new XElement(Ns + "DBInstanceIdentifier", s.InstanceIdentifier),
            s.Status == "creating" ? null : new XElement(Ns + "SnapshotCreateTime", Time(s.CreateTime)),
            new XElement(Ns + "Engine", "postgres"),
            new XElement(Ns + "AllocatedStorage", s.AllocatedStorage),
            new XElement(Ns + "Status", s.Status),
            new XElement(Ns + "Port", 5432),
            new XElement(Ns + "AvailabilityZone", FakeCredentials.Region + "a"),
            new XElement(Ns + "VpcId", "vpc-0f1e2d3c"),
            new XElement(Ns + "InstanceCreateTime", Time(s.CreateTime.AddDays(-30))),
            new XElement(Ns + "MasterUsername", "vault"),
            new XElement(Ns + "EngineVersion", "16.4"),
            new XElement(Ns + "LicenseModel", "postgresql-license"),
            new XElement(Ns + "SnapshotType", s.Type),
            new XElement(Ns + "PercentProgress", s.PercentProgress),
            new XElement(Ns + "StorageType", "gp3"),
            new XElement(Ns + "Encrypted", s.Encrypted ? "true" : "false"),
            s.Encrypted ? new XElement(Ns + "KmsKeyId", $"arn:aws:kms:{FakeCredentials.Region}:123456789012:key/0a1b2c3d-0000-4000-8000-000000000001") : null,
            new XElement(Ns + "DBSnapshotArn", $"arn:aws:rds:{FakeCredentials.Region}:123456789012:snapshot:{s.Identifier}"),
            new XElement(Ns + "IAMDatabaseAuthenticationEnabled", "false"),
            new XElement(Ns + "ProcessorFeatures"),
            new XElement(Ns + "DbiResourceId", "db-ABCDEFGHIJKL01234"),
            new XElement(Ns + "TagList"),
            new XElement(Ns + "OriginalSnapshotCreateTime", Time(s.CreateTime)),
            new XElement(Ns + "SnapshotTarget", "region"));

    private static XElement InstanceXml(FakeRdsInstance i) =>
        new(Ns + "DBInstance",
            new XElement(Ns + "DBInstanceIdentifier", i.Identifier),
            new XElement(Ns + "DBInstanceClass", i.InstanceClass),
            new XElement(Ns + "Engine", i.Engine),
            new XElement(Ns + "DBInstanceStatus", i.Status),
            new XElement(Ns + "MasterUsername", "vault"),
            new XElement(Ns + "DBName", "vault"),
            i.Status == "creating" ? null : new XElement(Ns + "Endpoint",
                new XElement(Ns + "Address", i.Address),
                new XElement(Ns + "Port", i.Port),
                new XElement(Ns + "HostedZoneId", "Z2R2ITUGPM61AM")),
            new XElement(Ns + "AllocatedStorage", i.AllocatedStorage),
            new XElement(Ns + "PreferredBackupWindow", "03:00-03:30"),
            new XElement(Ns + "BackupRetentionPeriod", 7),
            i.LatestRestorableTime is { } latest ? new XElement(Ns + "LatestRestorableTime", Time(latest)) : null,
            new XElement(Ns + "MultiAZ", "false"),
            new XElement(Ns + "EngineVersion", i.EngineVersion),
            new XElement(Ns + "AutoMinorVersionUpgrade", "true"),
            new XElement(Ns + "PubliclyAccessible", "false"),
            new XElement(Ns + "StorageType", "gp3"),
            new XElement(Ns + "DbInstancePort", 0),
            new XElement(Ns + "StorageEncrypted", i.StorageEncrypted ? "true" : "false"),
            new XElement(Ns + "DbiResourceId", "db-ABCDEFGHIJKL01234"),
            new XElement(Ns + "DBInstanceArn", $"arn:aws:rds:{FakeCredentials.Region}:123456789012:db:{i.Identifier}"),
            new XElement(Ns + "DeletionProtection", "false"));

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Required(Dictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FakeFault(400, "MissingParameter", $"The request must contain the parameter {name}");

    private static FakeResponse Ok(string action, XElement result, string requestId)
    {
        var document = new XElement(Ns + action + "Response", result, new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId)));
        return new FakeResponse(200, "text/xml", document.ToString(SaveOptions.DisableFormatting), requestId);
    }

    private static FakeResponse Error(int status, string type, string code, string message, string requestId)
    {
        var document = new XElement(Ns + "ErrorResponse",
            new XElement(Ns + "Error", new XElement(Ns + "Type", type), new XElement(Ns + "Code", code), new XElement(Ns + "Message", message)),
            new XElement(Ns + "RequestId", requestId));
        return new FakeResponse(status, "text/xml", document.ToString(SaveOptions.DisableFormatting), requestId);
    }

    private static Dictionary<string, string> ParseForm(string body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            form[Uri.UnescapeDataString(kv[0].Replace('+', ' '))] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1].Replace('+', ' ')) : string.Empty;
        }

        return form;
    }

    public void Dispose() => _server.Dispose();
}
