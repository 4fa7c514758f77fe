namespace VaultRunbook.Engine.Aws;

/// <summary>
/// A point-in-time restore of Vault's storage to a new DB instance, and the storage-stanza change that points Vault
/// at it: the connection_url's host moves from the source's endpoint to the new one (credentials stay as they are).
/// </summary>
public sealed record StorageRestore
{
    public required string SourceDBInstanceIdentifier { get; init; }

    public required string DBInstanceIdentifier { get; init; }

    public required string Status { get; init; }

    /// <summary>The time restored to; null with UseLatestRestorableTime.</summary>
    public DateTimeOffset? RestoreTime { get; init; }

    public bool UseLatestRestorableTime { get; init; }

    /// <summary>The new instance's endpoint (host); null until RDS has made it (use -Wait).</summary>
    public string? Endpoint { get; init; }

    public int? Port { get; init; }

    public string? PreviousEndpoint { get; init; }

    public int? PreviousPort { get; init; }

    /// <summary>The exact change to Vault's storage "postgresql" stanza, e.g. connection_url host: old:5432 -> new:5432.</summary>
    public string? StorageStanzaChange { get; init; }

    /// <summary>The new storage stanza, with the credentials left as placeholders (never read from anywhere).</summary>
    public string? StorageStanza { get; init; }

    public static StorageRestore From(RdsInstance source, RdsInstance restored, DateTimeOffset? restoreTime)
    {
        string? change = null;
        string? stanza = null;
        if (restored.EndpointAddress is { } host)
        {
            var port = restored.Port ?? 5432;
            change = $"connection_url host: {source.EndpointAddress}:{source.Port ?? 5432} -> {host}:{port}";
            stanza = $"storage \"postgresql\" {{\n  connection_url = \"postgres://<user>:<password>@{host}:{port}/vault?sslmode=verify-full\"\n}}";
        }

        return new StorageRestore
        {
            SourceDBInstanceIdentifier = source.DBInstanceIdentifier,
            DBInstanceIdentifier = restored.DBInstanceIdentifier,
            Status = restored.Status,
            RestoreTime = restoreTime,
            UseLatestRestorableTime = restoreTime is null,
            Endpoint = restored.EndpointAddress,
            Port = restored.Port,
            PreviousEndpoint = source.EndpointAddress,
            PreviousPort = source.Port,
            StorageStanzaChange = change,
            StorageStanza = stanza,
        };
    }
}
