using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Ha;

/// <summary>
/// One node's view of its HA cluster, for its endpoints and dispatcher: whether it is active, who leads, and
/// request forwarding. A standby forwards a request to the active node in process (Vault forwards over its
/// cluster port; the client sees the active node's answer either way). It answers a 307 to the active node
/// instead when the client sent X-Vault-No-Request-Forwarding or the path is one Vault always redirects (raft
/// snapshots), as Vault's respondStandby does.
/// </summary>
internal sealed class SandboxHaNode(SandboxHa cluster, IHaMember self)
{
    internal static readonly string[] AlwaysRedirectPaths = ["/v1/sys/storage/raft/snapshot", "/v1/sys/storage/raft/snapshot-force"];

    public SandboxHa Cluster => cluster;

    public IHaMember Self => self;

    public bool IsActive => ReferenceEquals(cluster.Leader().Active, self);

    /// <summary>Vault's cluster_addr default: https, the api_addr host, the api port + 1 (nothing listens there: forwarding is in process).</summary>
    public static string ClusterAddressOf(IHaMember member)
    {
        var api = new Uri(member.Address);
        return $"https://{api.Host}:{api.Port + 1}";
    }

    /// <summary>What a standby does with a request only the active node serves.</summary>
    public async ValueTask<SandboxResponse> ForwardAsync(SandboxRequest request)
    {
        HaLeader leader = cluster.Leader();
        if (request.NoForwarding || AlwaysRedirectPaths.Contains(request.Path, StringComparer.Ordinal))
        {
            return leader.Active is { } active
                ? new SandboxResponse(307, null) { Location = active.Address + request.RawTarget }
                : SandboxResponse.Errors(503, "no active Vault instance found");
        }

        if (request.Forwarded || leader.Active?.RunningDispatcher is not { } target)
        {
            return SandboxResponse.Errors(500, "local node not active but active cluster node not found");
        }

        return await target.DispatchAsync(request with { Forwarded = true }).ConfigureAwait(false);
    }
}
