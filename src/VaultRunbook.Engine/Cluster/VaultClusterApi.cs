using System.Diagnostics;
using System.Text.Json;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Cluster;

/// <summary>HA: sys/leader, sys/ha-status and sys/step-down (vault-api-notes §2.4-2.6).</summary>
public static class VaultClusterApi
{
    private static readonly IReadOnlySet<int> SealedLeaderCodes = new HashSet<int> { 503 };

    /// <summary>sys/leader (no token). A sealed HA node (503 "Vault is sealed") is reported as Sealed, as `vault status` does.</summary>
    public static async Task<VaultLeader> GetLeaderAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(
            new VaultRequest
            {
                Method = "GET",
                Path = "sys/leader",
                Authenticated = false,
                UseNamespace = false,
                Idempotent = true,
                AcceptedStatusCodes = SealedLeaderCodes,
            },
            cancellationToken).ConfigureAwait(false);

        if ((int)response.StatusCode == 503)
        {
            var apiError = VaultHttpClient.ApiError(503, "GET", "sys/leader", response.Body, response.Address);
            return apiError.ErrorId == "VaultRunbook.Vault.Sealed"
                ? new VaultLeader { Address = response.Address, HaEnabled = true, Sealed = true }
                : throw apiError;
        }

        if (response.Body is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("ha_enabled", out _))
        {
            throw new VaultInvalidResponseException(response.Address, "sys/leader", (int)response.StatusCode, "JSON without the 'ha_enabled' field");
        }

        var activeTime = VaultTime.Parse(JsonFields.String(body, "active_time"));
        return new VaultLeader
        {
            Address = response.Address,
            HaEnabled = JsonFields.Bool(body, "ha_enabled") ?? false,
            IsSelf = JsonFields.Bool(body, "is_self") ?? false,
            ActiveTime = activeTime is { Year: > 1 } ? activeTime : null,
            LeaderAddress = NullIfEmpty(JsonFields.String(body, "leader_address")),
            LeaderClusterAddress = NullIfEmpty(JsonFields.String(body, "leader_cluster_address")),
            PerformanceStandby = JsonFields.Bool(body, "performance_standby") ?? false,
            RaftCommittedIndex = JsonFields.Int64(body, "raft_committed_index"),
            RaftAppliedIndex = JsonFields.Int64(body, "raft_applied_index"),
        };
    }

    /// <summary>sys/ha-status (token needed; a standby forwards it): the active node, then the standbys that heartbeat to it.</summary>
    public static async Task<IReadOnlyList<VaultHaNode>> GetHaStatusAsync(this IVaultClient client, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(
            new VaultRequest { Method = "GET", Path = "sys/ha-status", UseNamespace = false, Idempotent = true },
            cancellationToken).ConfigureAwait(false);

        // data.nodes; also the injected top-level copy, and "Nodes" as an old doc sample spells it.
        JsonElement? nodes = null;
        if (response.Body is { ValueKind: JsonValueKind.Object } body)
        {
            foreach (var holder in new[] { body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : default, body })
            {
                nodes ??= holder.ValueKind == JsonValueKind.Object ? FindNodes(holder) : null;
            }
        }

        if (nodes is not { ValueKind: JsonValueKind.Array } list)
        {
            throw new VaultInvalidResponseException(response.Address, "sys/ha-status", (int)response.StatusCode, "JSON without a 'nodes' list");
        }

        return list.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.Object).Select(n => new VaultHaNode
        {
            Address = NullIfEmpty(JsonFields.String(n, "api_address")) ?? response.Address,
            QueriedAddress = response.Address,
            Hostname = JsonFields.String(n, "hostname"),
            ClusterAddress = NullIfEmpty(JsonFields.String(n, "cluster_address")),
            ActiveNode = JsonFields.Bool(n, "active_node") ?? false,
            LastEcho = VaultTime.Parse(JsonFields.String(n, "last_echo")),
            Version = JsonFields.String(n, "version"),
            UpgradeVersion = JsonFields.String(n, "upgrade_version"),
            RedundancyZone = JsonFields.String(n, "redundancy_zone"),
            EchoDurationMs = JsonFields.Int64(n, "echo_duration_ms"),
            ClockSkewMs = JsonFields.Int64(n, "clock_skew_ms"),
            ReplicationPrimaryCanaryAgeMs = JsonFields.Int64(n, "replication_primary_canary_age_ms"),
        }).ToArray();
    }

    /// <summary>PUT sys/step-down (sudo; a standby forwards it): 204. Not retried, so a lost answer never steps down twice.</summary>
    public static Task StepDownAsync(this IVaultClient client, CancellationToken cancellationToken) =>
        client.SendAsync(new VaultRequest { Method = "PUT", Path = "sys/step-down", UseNamespace = false }, cancellationToken);

    /// <summary>
    /// Steps the active node down and waits up to <paramref name="wait"/> for another node to lead, asking
    /// <paramref name="client"/>'s node's sys/leader every <paramref name="pollInterval"/>. Refuses a node that is
    /// sealed, not in an HA cluster, or in a cluster where no node leads (sys/step-down would do nothing there).
    /// </summary>
    public static async Task<VaultStepDownResult> StepDownAndWaitAsync(this IVaultClient client, TimeSpan wait, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        var address = client.Settings.AddressText;
        var before = await client.GetLeaderAsync(cancellationToken).ConfigureAwait(false);
        if (!before.HaEnabled)
        {
            throw new VaultOperationException("VaultRunbook.Cluster.HaNotEnabled", ErrorKind.InvalidOperation,
                $"Vault at {address} has no HA backend (sys/leader says ha_enabled=false): there is no leadership to step down from.", address);
        }

        if (before.Sealed)
        {
            throw new VaultOperationException("VaultRunbook.Cluster.NodeSealed", ErrorKind.InvalidOperation,
                $"Vault at {address} is sealed: unseal it, or send the step-down to an unsealed node.", address);
        }

        if (before.LeaderAddress is not { } previous)
        {
            throw new VaultOperationException("VaultRunbook.Cluster.NoLeader", ErrorKind.ResourceUnavailable,
                $"No node of the cluster of {address} is active now: there is nothing to step down.", address);
        }

        await client.StepDownAsync(cancellationToken).ConfigureAwait(false);

        var watch = Stopwatch.StartNew();
        string? leader = previous;
        while (true)
        {
            try
            {
                leader = (await client.GetLeaderAsync(cancellationToken).ConfigureAwait(false)).LeaderAddress;
            }
            catch (EngineException)
            {
                leader = null; // the node may be busy changing roles: ask again until the wait ends
            }

            if (leader is not null && !SameNode(leader, previous))
            {
                return new VaultStepDownResult { Address = address, PreviousLeader = previous, Leader = leader, TookOver = true, Waited = watch.Elapsed };
            }

            if (watch.Elapsed >= wait)
            {
                return new VaultStepDownResult { Address = address, PreviousLeader = previous, Leader = leader, TookOver = false, Waited = watch.Elapsed };
            }

            var left = wait - watch.Elapsed;
            await Task.Delay(left < pollInterval ? left : pollInterval, cancellationToken).ConfigureAwait(false);
        }
    }

    private static JsonElement? FindNodes(JsonElement holder)
    {
        foreach (var property in holder.EnumerateObject())
        {
            if (string.Equals(property.Name, "nodes", StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static bool SameNode(string a, string b) => string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
