using System.Collections.Immutable;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// sys/auth (data injected at the top level, vault-api-notes §0.5): GET lists the auth methods keyed
/// by path ("token/", "approle/"); GET, POST and DELETE sys/auth/&lt;path&gt; read, enable and disable
/// one (a root path: sudo). The sandbox's auth methods are the token store and AppRole; another type
/// is "not found in the catalog". Disabling a method revokes every token it issued, as Vault does;
/// the token store cannot be disabled.
/// </summary>
internal sealed class SysAuthEndpoint(SandboxCore core)
{
    private const string TokenPath = "token/";

    public void Map(LogicalRouteTable routes)
    {
        routes.Map("auth", exists: null, (LogicalOperation.Read, List));
        routes.Map("auth/(?<path>.+)", exists: null, (LogicalOperation.Read, Read), (LogicalOperation.Update, Enable), (LogicalOperation.Delete, Disable));
    }

    private ValueTask<LogicalResponse> List(LogicalRequest request)
    {
        var data = new JsonObject();
        if (core.State is { } state)
        {
            foreach (MountEntry mount in All(state))
            {
                data[mount.Path["auth/".Length..]] = Info(mount);
            }
        }

        return Answer(new LogicalResponse { Data = data, InjectData = true });
    }

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        MountEntry? mount = core.State is { } state ? All(state).FirstOrDefault(m => m.Path == "auth/" + path) : null;
        return Answer(mount is null
            ? LogicalResponse.Invalid($"No auth engine at {path}", outerError: false)
            : new LogicalResponse { Data = Info(mount), InjectData = true });
    }

    private ValueTask<LogicalResponse> Enable(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        if (MountRequest.Parse(request, out string? error) is not { } input)
        {
            return Answer(LogicalResponse.Invalid(error!));
        }

        var (type, description, given, local, sealWrap) = input;

        if (type != "approle")
        {
            return Answer(LogicalResponse.Invalid(type.Length == 0 ? "backend type must be specified as a string" : $"plugin not found in the catalog: {type}"));
        }

        var mount = new MountEntry("auth/" + path, type, description, SecretGenerator.MountAccessor("auth_" + type), SecretGenerator.Uuid())
        {
            Options = given,
            Local = local,
            SealWrap = sealWrap,
            AppRoles = ImmutableDictionary<string, AppRole>.Empty,
        };
        string? conflict = null;
        SandboxState? saved = core.Update(state =>
        {
            MountEntry? existing = MountRequest.Overlapping(All(state), mount.Path);
            if (existing is not null)
            {
                conflict = existing.Path["auth/".Length..];
                return state;
            }

            return state with { AuthMounts = (state.AuthMounts ?? ImmutableDictionary<string, MountEntry>.Empty).Add(mount.Path, mount) };
        });
        return Answer(saved is null ? LogicalResponse.Sealed
            : conflict is not null ? LogicalResponse.Invalid($"path is already in use at {conflict}")
            : LogicalResponse.Empty);
    }

    private ValueTask<LogicalResponse> Disable(LogicalRequest request)
    {
        string path = MountInfo.Sanitize(request.Param("path"));
        if (path == TokenPath)
        {
            return Answer(LogicalResponse.Invalid("token credential backend cannot be disabled"));
        }

        // Disabling a path that is not enabled succeeds too, as in Vault.
        string full = "auth/" + path;
        SandboxState? saved = core.Update(state =>
            state.AuthMounts is { } mounts && mounts.ContainsKey(full)
                ? TokenTree.RevokePrefix(state, full) with { AuthMounts = mounts.Remove(full) }
                : state);
        return Answer(saved is null ? LogicalResponse.Sealed : LogicalResponse.Empty);
    }

    private static IEnumerable<MountEntry> All(SandboxState state) =>
        new[] { MountRouter.TokenMount(state) }.Concat(state.AuthMounts?.Values.OrderBy(m => m.Path, StringComparer.Ordinal) ?? Enumerable.Empty<MountEntry>());

    /// <summary>Vault's mount info, with the auth mounts' token_type in config.</summary>
    private static JsonObject Info(MountEntry mount)
    {
        JsonObject info = MountInfo.Build(mount);
        ((JsonObject)info["config"]!)["token_type"] = "default-service";
        return info;
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
