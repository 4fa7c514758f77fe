namespace VaultRunbook.Engine.Vault;

/// <summary>The sys/health query parameters the caller sets; anything null is left to Vault's default.</summary>
public sealed record HealthQuery
{
    public bool StandbyOk { get; init; }

    public bool PerfStandbyOk { get; init; }

    public IReadOnlyDictionary<string, string> ToQuery()
    {
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        if (StandbyOk)
        {
            query["standbyok"] = "true";
        }

        if (PerfStandbyOk)
        {
            query["perfstandbyok"] = "true";
        }

        return query;
    }
}
