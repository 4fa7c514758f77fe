using System.Collections.Immutable;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;
using VaultRunbook.Sandbox.Transit;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// sys/mounts (data injected at the top level, vault-api-notes §0.5): GET lists the secrets-engine
/// mounts; GET, POST and DELETE sys/mounts/&lt;path&gt; read, enable and disable one. The sandbox
/// runs KV and transit: type "kv" (options.version "2" for v2, else v1), "kv-v1", "kv-v2" and
/// "transit"; another type is "not found in the catalog".
/// </summary>
internal sealed class SysMountsEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes)
    {
        routes.Map("mounts", exists: null, (LogicalOperation.Read, List));
        routes.Map("mounts/(?<path>.+)", exists: null, (LogicalOperation.Read, Read), (LogicalOperation.Update, Enable), (LogicalOperation.Delete, Disable));
    }

    private ValueTask<LogicalResponse> List(LogicalRequest request)
    {
        var data = new JsonObject();
        foreach (MountEntry mount in core.State?.Mounts?.Values ?? [])
        {
            data[mount.Path] = MountInfo.Build(mount);
        }

        return Answer(new LogicalResponse { Data = data, InjectData = true });
    }

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        return Answer(core.State?.Mounts?.GetValueOrDefault(path) is { } mount
            ? new LogicalResponse { Data = MountInfo.Build(mount), InjectData = true }
            : LogicalResponse.Invalid($"No secret engine mount at {path}", outerError: false));
    }

    private ValueTask<LogicalResponse> Enable(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        if (MountRequest.Parse(request, out string? error) is not { } input)
        {
            return Answer(LogicalResponse.Invalid(error!));
        }

        var (type, description, given, local, sealWrap) = input;

        if (path == "/")
        {
            return Answer(LogicalResponse.Invalid("backend path must be specified"));
        }

        if (path.StartsWith("sys/", StringComparison.Ordinal) || path.StartsWith("auth/", StringComparison.Ordinal)
            || path.StartsWith("audit/", StringComparison.Ordinal) || path.StartsWith("cubbyhole/", StringComparison.Ordinal)
            || path.StartsWith("identity/", StringComparison.Ordinal))
        {
            return Answer(LogicalResponse.Invalid($"cannot mount \"{path}\""));
        }

        int version;
        switch (type)
        {
            case "kv":
                string requested = given?.GetValueOrDefault("version") ?? string.Empty;
                if (requested is not ("" or "1" or "2"))
                {
                    return Answer(LogicalResponse.Invalid($"invalid KV version \"{requested}\": the sandbox serves KV versions 1 and 2"));
                }

                version = requested == "2" ? 2 : 1;
                break;
            case "kv-v1":
                version = 1;
                given = (given ?? ImmutableDictionary<string, string>.Empty).SetItem("version", "1");
                break;
            case "kv-v2":
                version = 2;
                given = (given ?? ImmutableDictionary<string, string>.Empty).SetItem("version", "2");
                break;
            case "transit":
                version = 0;
                break;
            default:
                return Answer(LogicalResponse.Invalid($"plugin not found in the catalog: {type}"));
        }

        MountEntry mount = (version == 0 ? TransitMount.New(path, description) : DefaultMounts.NewKv(path, version, description))
            with { Options = given, Local = local, SealWrap = sealWrap };
        string? conflict = null;
        SandboxState? saved = core.Update(state =>
        {
            ImmutableDictionary<string, MountEntry> mounts = state.Mounts ?? ImmutableDictionary<string, MountEntry>.Empty;
            MountEntry? existing = MountRequest.Overlapping(mounts.Values, path);
            if (existing is not null)
            {
                conflict = existing.Path;
                return state;
            }

            return state with { Mounts = mounts.Add(path, mount) };
        });
        return Answer(saved is null ? LogicalResponse.Sealed
            : conflict is not null ? LogicalResponse.Invalid($"path is already in use at {conflict}")
            : LogicalResponse.Empty);
    }

    private ValueTask<LogicalResponse> Disable(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        if (DefaultMounts.Protected.Contains(path))
        {
            return Answer(LogicalResponse.Invalid($"cannot unmount \"{path}\""));
        }

        // Unmounting a path that is not mounted succeeds too (Vault does not reveal which mounts exist).
        SandboxState? saved = core.Update(state =>
            state.Mounts is { } mounts && mounts.ContainsKey(path) ? state with { Mounts = mounts.Remove(path) } : state);
        return Answer(saved is null ? LogicalResponse.Sealed : LogicalResponse.Empty);
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
