using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// PUT sys/leases/revoke-prefix/:prefix {sync} and sys/leases/revoke-force/:prefix, with the old
/// aliases sys/revoke-prefix and sys/revoke-force (vault-api-notes §5). The sandbox's only leases
/// are tokens' (their lease id is the issuing path plus "/…"), so these revoke every token issued
/// under the prefix, with its descendants, and only those. 204, or 202 with sync=false. Sudo only.
/// </summary>
internal sealed class SysLeasesEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes)
    {
        foreach (string pattern in new[] { "leases/revoke-prefix/(?<prefix>.+)", "revoke-prefix/(?<prefix>.+)" })
        {
            routes.Map(pattern, exists: null, (LogicalOperation.Update, request => RevokePrefix(request, force: false)));
        }

        foreach (string pattern in new[] { "leases/revoke-force/(?<prefix>.+)", "revoke-force/(?<prefix>.+)" })
        {
            routes.Map(pattern, exists: null, (LogicalOperation.Update, request => RevokePrefix(request, force: true)));
        }
    }

    private ValueTask<LogicalResponse> RevokePrefix(LogicalRequest request, bool force)
    {
        string? error = null;
        bool hasSync = LogicalFields.TryGetBool(request.Data, "sync", out bool sync, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        string prefix = request.Param("prefix");
        if (core.Update(state => TokenTree.RevokePrefix(state, prefix)) is null)
        {
            return Answer(LogicalResponse.Sealed);
        }

        return Answer(!force && hasSync && !sync ? LogicalResponse.Raw(request, 202, inner: null) : LogicalResponse.Empty);
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
