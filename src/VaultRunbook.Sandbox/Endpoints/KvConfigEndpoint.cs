using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// KV v2 config (vault-api-notes §6): {max_versions, cas_required, delete_version_after}. A negative
/// delete_version_after disables it for every key ("-1s"), zero clears it.
/// </summary>
internal sealed class KvConfigEndpoint(KvStore kv)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("config", exists: null, (LogicalOperation.Read, Read), (LogicalOperation.Update, Write));

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        if (kv.Current(request.Mount) is not { } mount)
        {
            return ValueTask.FromResult(LogicalResponse.Sealed);
        }

        KvConfig config = mount.KvConfig ?? KvConfig.Default;
        return ValueTask.FromResult(LogicalResponse.Ok(new JsonObject
        {
            ["cas_required"] = config.CasRequired,
            ["delete_version_after"] = GoDuration.Format(config.DeleteVersionAfterSeconds ?? 0),
            ["max_versions"] = config.MaxVersions,
        }));
    }

    private async ValueTask<LogicalResponse> Write(LogicalRequest request)
    {
        string? error = null;
        bool hasMax = LogicalFields.TryGetInt(request.Data, "max_versions", out long max, ref error);
        bool hasCas = LogicalFields.TryGetBool(request.Data, "cas_required", out bool cas, ref error);
        bool hasDva = LogicalFields.TryGetDuration(request.Data, "delete_version_after", allowNegative: true, out long dva, ref error);
        if (error is not null)
        {
            return LogicalResponse.Invalid(error);
        }

        if (hasMax && max is < 0 or > int.MaxValue)
        {
            return LogicalResponse.Invalid("max_versions must be between 0 and " + int.MaxValue);
        }

        if (!hasMax && !hasCas && !hasDva)
        {
            return LogicalResponse.Empty;
        }

        using (await kv.LockAsync(request.Mount, "\0config").ConfigureAwait(false))
        {
            if (kv.Current(request.Mount) is not { } mount)
            {
                return LogicalResponse.Sealed;
            }

            KvConfig config = mount.KvConfig ?? KvConfig.Default;
            if (hasMax)
            {
                config = config with { MaxVersions = (int)max };
            }

            if (hasCas)
            {
                config = config with { CasRequired = cas };
            }

            if (hasDva)
            {
                config = config with { DeleteVersionAfterSeconds = dva < 0 ? -1 : dva == 0 ? null : dva };
            }

            return kv.SaveConfig(mount, config) ? LogicalResponse.Empty : LogicalResponse.Sealed;
        }
    }
}
