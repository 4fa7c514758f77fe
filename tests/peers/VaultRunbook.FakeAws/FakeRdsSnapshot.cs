namespace VaultRunbook.FakeAws;

/// <summary>A DB snapshot the fake RDS holds. A manual one starts "creating" and becomes "available" after some describes.</summary>
public sealed class FakeRdsSnapshot
{
    public required string Identifier { get; init; }

    public required string InstanceIdentifier { get; init; }

    public required DateTimeOffset CreateTime { get; init; }

    public string Type { get; init; } = "manual";

    public string Status { get; set; } = "available";

    public int AllocatedStorage { get; init; } = 20;

    public bool Encrypted { get; init; } = true;

    public int PercentProgress { get; set; } = 100;

    /// <summary>Describes left before a "creating" snapshot is "available".</summary>
    public int PollsLeft { get; set; }
}
