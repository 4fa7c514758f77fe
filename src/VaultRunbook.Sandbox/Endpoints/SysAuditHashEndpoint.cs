using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Audit;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// PUT|POST sys/audit-hash/&lt;path&gt; {"input": ...}: the HMAC the device would write for the input,
/// {"hash":"hmac-sha256:..."} in data and at the top level (vault-api-notes §8.1).
/// </summary>
internal sealed class SysAuditHashEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("audit-hash/(?<path>.+)", exists: null, (LogicalOperation.Update, Hash));

    private ValueTask<LogicalResponse> Hash(LogicalRequest request)
    {
        string? error = null;
        LogicalFields.TryGetString(request.Data, "input", out string input, ref error);
        if (error is not null)
        {
            return ValueTask.FromResult(LogicalResponse.Invalid(error));
        }

        if (input.Length == 0)
        {
            return ValueTask.FromResult(LogicalResponse.Invalid("the \"input\" parameter is empty", outerError: false));
        }

        string path = MountInfo.Sanitize(request.Param("path"));
        if (core.State?.AuditDevices?.GetValueOrDefault(path) is not { } device)
        {
            return ValueTask.FromResult(LogicalResponse.Invalid($"unknown audit backend \"{path}\"", outerError: false));
        }

        return ValueTask.FromResult(new LogicalResponse
        {
            Data = new JsonObject { ["hash"] = new AuditHasher(device.Salt).Hash(input) },
            InjectData = true,
        });
    }
}
