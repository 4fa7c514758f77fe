using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>
/// The sandbox's stand-in for Vault's ACL policies, kept deliberately simple. Policies have no
/// documents; a policy's NAME is the grant:
/// <list type="bullet">
/// <item><c>root</c> allows everything;</item>
/// <item><c>default</c> allows auth/token/lookup-self (as Vault's default policy does);</item>
/// <item>any other name is read as a path prefix and allows every operation on that path and
/// beneath it: policy <c>secret</c> allows secret/*, <c>secret/data/app</c> allows
/// secret/data/app and secret/data/app/*, <c>sys/mounts</c> allows sys/mounts;</item>
/// <item>everything else is denied (403 "permission denied"), so a token without <c>root</c> is
/// denied sys/* unless a policy names a sys path;</item>
/// <item>Vault's root paths (<see cref="RequiresSudo"/>: auth/token/accessors, sys/leases/revoke-prefix,
/// sys/auth/*, ...) need sudo: <c>root</c>, or a policy named like the path with <c>+sudo</c> after it
/// (<c>auth/token/accessors+sudo</c>).</item>
/// </list>
/// sys/internal/ui/mounts/* and an auth method's login path (auth/approle/login) are unauthenticated
/// in Vault; the preflight's handler filters by mount access.
/// </summary>
internal static class SandboxAcl
{
    public const string PreflightPrefix = "sys/internal/ui/mounts/";

    /// <summary>The suffix of a policy name that grants its path with sudo.</summary>
    public const string SudoSuffix = "+sudo";

    /// <summary>Whether the path is one Vault serves without a token.</summary>
    public static bool IsUnauthenticated(string path) =>
        path.StartsWith(PreflightPrefix, StringComparison.Ordinal) || path == "sys/internal/ui/mounts"
        || (path.StartsWith("auth/", StringComparison.Ordinal) && !path.StartsWith("auth/token/", StringComparison.Ordinal) && path.EndsWith("/login", StringComparison.Ordinal));

    /// <summary>Vault's root paths among those the sandbox serves: they need sudo (a 403 otherwise).</summary>
    public static bool RequiresSudo(string path) =>
        path.StartsWith("auth/token/accessors", StringComparison.Ordinal)
        || path.StartsWith("sys/leases/revoke-prefix/", StringComparison.Ordinal)
        || path.StartsWith("sys/leases/revoke-force/", StringComparison.Ordinal)
        || path.StartsWith("sys/revoke-prefix/", StringComparison.Ordinal)
        || path.StartsWith("sys/revoke-force/", StringComparison.Ordinal)
        || path.StartsWith("sys/auth/", StringComparison.Ordinal);

    /// <summary>Whether the token has sudo on the path (root, or a "+sudo" policy naming it).</summary>
    public static bool HasSudo(TokenEntry token, string path) =>
        token.IsRoot || token.Policies.Any(p => p.EndsWith(SudoSuffix, StringComparison.Ordinal) && Covers(p[..^SudoSuffix.Length], path));

    /// <summary>The policy that allows <paramref name="path"/>, or null when none does.</summary>
    public static string? GrantingPolicy(TokenEntry token, string path)
    {
        if (token.IsRoot)
        {
            return "root";
        }

        foreach (string policy in token.Policies)
        {
            if (policy == "default")
            {
                if (path is "auth/token/lookup-self" or "auth/token/renew-self" or "auth/token/revoke-self")
                {
                    return policy;
                }

                continue;
            }

            bool sudo = policy.EndsWith(SudoSuffix, StringComparison.Ordinal);
            if ((sudo || !RequiresSudo(path)) && Covers(sudo ? policy[..^SudoSuffix.Length] : policy, path))
            {
                return policy;
            }
        }

        return null;
    }

    private static bool Covers(string policy, string path)
    {
        string prefix = policy.Trim('/');
        return prefix.Length > 0 && (path.TrimEnd('/') == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal));
    }

    /// <summary>Whether the token may use anything under the mount (Vault's hasMountAccess, for the preflight).</summary>
    public static bool HasMountAccess(TokenEntry token, string mountPath)
    {
        if (token.IsRoot)
        {
            return true;
        }

        string mount = mountPath.TrimEnd('/');
        foreach (string policy in token.Policies)
        {
            string prefix = policy.Trim('/');
            if (policy == "default" || prefix.Length == 0)
            {
                continue;
            }

            if (prefix == mount || prefix.StartsWith(mount + "/", StringComparison.Ordinal) || mount.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
