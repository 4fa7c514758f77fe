using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET sys/internal/ui/mounts/&lt;path&gt;: the CLI's KV preflight (vault-api-notes §6). Answers the
/// mount that serves the path (mountInfo plus "path", e.g. "secret/"; options.version tells KV v1
/// from v2). Like Vault, an unknown mount and a token without access to the mount both answer 403
/// "preflight capability check returned 403, please ensure client's policies grant access to path
/// \"&lt;path&gt;/\"", so the endpoint cannot be used to discover mounts; a missing or invalid token on
/// an existing mount is 403 "permission denied".
/// </summary>
internal sealed class SysInternalUiMountsEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("internal/ui/mounts/(?<path>.*)", exists: null, (LogicalOperation.Read, Read));

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        string raw = request.Param("path");
        if (raw.Length == 0)
        {
            return ValueTask.FromResult(LogicalResponse.Invalid("path not set"));
        }

        string path = MountInfo.Sanitize(raw);
        LogicalResponse denied = LogicalResponse.Denied($"preflight capability check returned 403, please ensure client's policies grant access to path \"{path}\"");
        SandboxState? state = core.State;
        if (state is null)
        {
            return ValueTask.FromResult(LogicalResponse.Sealed);
        }

        MountEntry? mount = MountRouter.Matching(path, state);
        if (mount is null)
        {
            return ValueTask.FromResult(denied);
        }

        if (request.Auth is null)
        {
            return ValueTask.FromResult(LogicalResponse.Denied());
        }

        if (!SandboxAcl.HasMountAccess(request.Auth, mount.Path))
        {
            return ValueTask.FromResult(denied);
        }

        var data = MountInfo.Build(mount);
        data["path"] = mount.Path;
        return ValueTask.FromResult(LogicalResponse.Ok(data));
    }
}
