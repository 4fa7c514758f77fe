namespace VaultRunbook.FakeAws;

/// <summary>A DB instance the fake RDS holds; a restored one is "creating" (no endpoint yet) for some describes.</summary>
public sealed class FakeRdsInstance
{
    public required string Identifier { get; init; }

    public string Status { get; set; } = "available";

    public string Engine { get; init; } = "postgres";

    public string EngineVersion { get; init; } = "16.4";

    public string InstanceClass { get; init; } = "db.t4g.medium";

    public int Port { get; init; } = 5432;

    public int AllocatedStorage { get; init; } = 20;

    public bool StorageEncrypted { get; init; } = true;

    public DateTimeOffset? LatestRestorableTime { get; set; }

    public DateTimeOffset EarliestRestorableTime { get; set; } = DateTimeOffset.UnixEpoch;

    /// <summary>Describes left before a "creating" instance is "available".</summary>
    public int PollsLeft { get; set; }

    public string Address => $"{Identifier}.c9akciq32.{FakeCredentials.Region}.rds.amazonaws.com";
}
