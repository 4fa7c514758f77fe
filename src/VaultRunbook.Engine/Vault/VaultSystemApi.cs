using VaultRunbook.Engine.Common;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VaultRunbook.Engine.Vault;

/// <summary>Vault's non-logical sys endpoints: health, seal-status, unseal, seal (vault-api-notes sections 1 and 2).</summary>
public static class VaultSystemApi
{
    // The codes sys/health answers with for a state: standby, DR secondary, perf standby, HA unhealthy,
    // uninitialised, sealed, removed. They are reported, never retried or thrown.
    private static readonly IReadOnlySet<int> HealthStateCodes = new HashSet<int> { 429, 472, 473, 474, 501, 503, 530 };

    public static async Task<VaultHealth> GetHealthAsync(this IVaultClient client, HealthQuery query, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(
            new VaultRequest
            {
                Method = "GET",
                Path = "sys/health",
                Query = query.ToQuery(),
                Authenticated = false,
                UseNamespace = false,
                Idempotent = true,
                AcceptedStatusCodes = HealthStateCodes,
            },
            cancellationToken).ConfigureAwait(false);

        var body = RequireObject(response, "sys/health", "initialized");
        var health = new VaultHealth
        {
            Address = response.Address,
            Namespace = client.Settings.Namespace,
            Status = VaultNodeStatus.Active,
            StatusCode = (int)response.StatusCode,
            Initialized = JsonFields.Bool(body, "initialized"),
            Sealed = JsonFields.Bool(body, "sealed"),
            Standby = JsonFields.Bool(body, "standby"),
            PerformanceStandby = JsonFields.Bool(body, "performance_standby"),
            ReplicationPerformanceMode = JsonFields.String(body, "replication_performance_mode"),
            ReplicationDrMode = JsonFields.String(body, "replication_dr_mode"),
            Version = JsonFields.String(body, "version"),
            Enterprise = JsonFields.Bool(body, "enterprise"),
            ClusterName = JsonFields.String(body, "cluster_name"),
            ClusterId = JsonFields.String(body, "cluster_id"),
            ServerTimeUtc = JsonFields.Int64(body, "server_time_utc") is { } seconds ? DateTimeOffset.FromUnixTimeSeconds(seconds) : null,
            HaConnectionHealthy = JsonFields.Bool(body, "ha_connection_healthy"),
            RemovedFromCluster = JsonFields.Bool(body, "removed_from_cluster"),
            ClockSkewMs = JsonFields.Int64(body, "clock_skew_ms"),
            Latency = response.Elapsed,
        };
        return health with { Status = StatusOf(health) };
    }

    /// <summary>The node's state from the body's fields (the status code can be remapped by query parameters).</summary>
    public static VaultNodeStatus StatusOf(VaultHealth health) => health switch
    {
        { Initialized: false } => VaultNodeStatus.NotInitialized,
        { RemovedFromCluster: true } => VaultNodeStatus.RemovedFromCluster,
        { Sealed: true } => VaultNodeStatus.Sealed,
        { HaConnectionHealthy: false } => VaultNodeStatus.HaUnhealthy,
        { ReplicationDrMode: { } dr } when dr.StartsWith("secondary", StringComparison.OrdinalIgnoreCase) => VaultNodeStatus.DrSecondary,
        { PerformanceStandby: true } => VaultNodeStatus.PerformanceStandby,
        { Standby: true } => VaultNodeStatus.Standby,
        _ => VaultNodeStatus.Active,
    };

    public static async Task<VaultSealStatus> GetSealStatusAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(
            new VaultRequest { Method = "GET", Path = "sys/seal-status", Authenticated = false, UseNamespace = false, Idempotent = true },
            cancellationToken).ConfigureAwait(false);
        return ParseSealStatus(client, response, "sys/seal-status");
    }

    /// <summary>Submits one unseal key share. Not idempotent: a 4xx/5xx at the threshold means the key set was wrong.</summary>
    public static async Task<VaultSealStatus> SubmitUnsealKeyAsync(this IVaultClient client, string key, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(
            new VaultRequest
            {
                Method = "PUT",
                Path = "sys/unseal",
                Body = new JsonObject { ["key"] = key },
                Authenticated = false,
                UseNamespace = false,
            },
            cancellationToken).ConfigureAwait(false);
        return ParseSealStatus(client, response, "sys/unseal");
    }

    /// <summary>Discards the progress of the current unseal attempt.</summary>
    public static async Task<VaultSealStatus> ResetUnsealAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(
            new VaultRequest
            {
                Method = "PUT",
                Path = "sys/unseal",
                Body = new JsonObject { ["reset"] = true },
                Authenticated = false,
                UseNamespace = false,
            },
            cancellationToken).ConfigureAwait(false);
        return ParseSealStatus(client, response, "sys/unseal");
    }

    /// <summary>Seals the node (needs a root or sudo token). Vault answers 204, also when it is already sealed.</summary>
    public static Task SealAsync(this IVaultClient client, CancellationToken cancellationToken) =>
        client.SendAsync(new VaultRequest { Method = "PUT", Path = "sys/seal", UseNamespace = false }, cancellationToken);

    private static VaultSealStatus ParseSealStatus(IVaultClient client, VaultResponse response, string path)
    {
        var body = RequireObject(response, path, "sealed");
        return new VaultSealStatus
        {
            Address = response.Address,
            Namespace = client.Settings.Namespace,
            Type = JsonFields.String(body, "type") ?? "unknown",
            Initialized = JsonFields.Bool(body, "initialized") ?? false,
            Sealed = JsonFields.Bool(body, "sealed") ?? true,
            Threshold = (int)(JsonFields.Int64(body, "t") ?? 0),
            Shares = (int)(JsonFields.Int64(body, "n") ?? 0),
            Progress = (int)(JsonFields.Int64(body, "progress") ?? 0),
            Nonce = JsonFields.String(body, "nonce") ?? string.Empty,
            Version = JsonFields.String(body, "version"),
            BuildDate = JsonFields.String(body, "build_date") ?? JsonFields.String(body, "commit_date"),
            Migration = JsonFields.Bool(body, "migration") ?? false,
            RecoverySeal = JsonFields.Bool(body, "recovery_seal") ?? false,
            RecoverySealType = JsonFields.String(body, "recovery_seal_type"),
            StorageType = JsonFields.String(body, "storage_type"),
            ClusterName = JsonFields.String(body, "cluster_name"),
            ClusterId = JsonFields.String(body, "cluster_id"),
        };
    }

    private static JsonElement RequireObject(VaultResponse response, string path, string requiredField)
    {
        if (response.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(requiredField, out _))
        {
            return body;
        }

        // A state code that came with Vault's error body ({"errors":[...]}) instead of a status body is an error.
        if (response.Body is { ValueKind: JsonValueKind.Object } errorBody && errorBody.TryGetProperty("errors", out _))
        {
            throw VaultHttpClient.ApiError((int)response.StatusCode, "GET", path, errorBody, response.Address);
        }

        throw new VaultInvalidResponseException(response.Address, path, (int)response.StatusCode, $"JSON without the '{requiredField}' field");
    }
}
