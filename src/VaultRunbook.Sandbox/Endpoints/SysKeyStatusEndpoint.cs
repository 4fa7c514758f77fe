using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// GET sys/key-status (data injected at the top level, vault-api-notes §0.5): the barrier key's
/// term (the sandbox never rotates it: 1), when it was installed (the initialisation time), and
/// the encryption count Vault 1.15+ reports (the sandbox does not count: 0).
/// </summary>
internal sealed class SysKeyStatusEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("key-status", exists: null, (LogicalOperation.Read, Read));

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        SandboxState? state = core.State;
        if (state is null)
        {
            return ValueTask.FromResult(LogicalResponse.Sealed);
        }

        var data = new JsonObject
        {
            ["encryptions"] = 0,
            ["install_time"] = GoTime.Rfc3339Nano(DateTimeOffset.FromUnixTimeSeconds(state.RootCreationTime).UtcDateTime),
            ["term"] = 1,
        };
        return ValueTask.FromResult(new LogicalResponse { Data = data, InjectData = true });
    }
}
