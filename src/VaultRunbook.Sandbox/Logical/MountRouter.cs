using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// Finds the mount serving a logical path, as Vault's router does (longest mount-path prefix):
/// auth/token/ for the token store, the auth mount table (AppRole) for other auth/ paths, else the
/// secrets-engine mount table in the state.
/// </summary>
internal sealed class MountRouter(LogicalRouteTable system, LogicalRouteTable token, LogicalRouteTable kvV2, LogicalRouteTable kvV1, LogicalRouteTable appRole, LogicalRouteTable transit)
{
    public const string TokenMountPath = "auth/token/";

    private readonly LogicalRouteTable _none = new();

    public ResolvedMount? Resolve(string path, SandboxState state)
    {
        if (path.StartsWith(TokenMountPath, StringComparison.Ordinal))
        {
            return new ResolvedMount(TokenMount(state), "token", "auth", token, path[TokenMountPath.Length..]);
        }

        if (path.StartsWith("auth/", StringComparison.Ordinal))
        {
            MountEntry? auth = (state.AuthMounts?.Values ?? []).Where(m => path.StartsWith(m.Path, StringComparison.Ordinal)).MaxBy(m => m.Path.Length);
            return auth is null ? null : new ResolvedMount(auth, auth.Type, auth.MountClass, auth.Type == "approle" ? appRole : _none, path[auth.Path.Length..]);
        }

        MountEntry? best = null;
        foreach (MountEntry mount in state.Mounts?.Values ?? [])
        {
            if (path.StartsWith(mount.Path, StringComparison.Ordinal) && (best is null || mount.Path.Length > best.Path.Length))
            {
                best = mount;
            }
        }

        if (best is null)
        {
            return null;
        }

        LogicalRouteTable routes = best.Type switch
        {
            "system" => system,
            "kv" => best.KvVersion == 2 ? kvV2 : kvV1,
            "transit" => transit,
            _ => _none,
        };
        return new ResolvedMount(best, best.Type, best.MountClass, routes, path[best.Path.Length..]);
    }

    /// <summary>The mount entry of auth/token/ (an auth mount, not in sys/mounts).</summary>
    public static MountEntry TokenMount(SandboxState state) =>
        new(TokenMountPath, "token", "token based credentials", state.TokenMountAccessor ?? string.Empty, state.TokenMountUuid ?? string.Empty);

    /// <summary>The mount whose path is the longest prefix of <paramref name="path"/>, auth/token/ included (the preflight's lookup).</summary>
    public static MountEntry? Matching(string path, SandboxState state)
    {
        if (path.StartsWith(TokenMountPath, StringComparison.Ordinal))
        {
            return TokenMount(state);
        }

        return (state.Mounts?.Values ?? [])
            .Where(m => path.StartsWith(m.Path, StringComparison.Ordinal))
            .MaxBy(m => m.Path.Length);
    }
}
