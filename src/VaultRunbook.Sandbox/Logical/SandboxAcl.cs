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
/// denied sys/* unless a policy names a sys path.</item>
/// </list>
/// sys/internal/ui/mounts/* is unauthenticated in Vault; its handler filters by mount access.
/// </summary>
internal static class SandboxAcl
{
    public const string PreflightPrefix = "sys/internal/ui/mounts/";

    /// <summary>Whether the path is one Vault serves without a token.</summary>
    public static bool IsUnauthenticated(string path) => path.StartsWith(PreflightPrefix, StringComparison.Ordinal) || path == "sys/internal/ui/mounts";

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

            string prefix = policy.Trim('/');
            if (prefix.Length > 0 && (path.TrimEnd('/') == prefix || path.StartsWith(prefix + "/", StringComparison.Ordinal)))
            {
                return policy;
            }
        }

        return null;
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
