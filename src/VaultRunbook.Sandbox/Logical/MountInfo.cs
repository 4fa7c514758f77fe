using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Logical;

/// <summary>Vault's mountInfo map: what sys/mounts lists per mount and the preflight returns (a Go map: written sorted).</summary>
internal static class MountInfo
{
    public static JsonObject Build(MountEntry mount)
    {
        JsonObject? options = null;
        if (mount.Options is not null)
        {
            options = [];
            foreach (KeyValuePair<string, string> pair in mount.Options)
            {
                options[pair.Key] = pair.Value;
            }
        }

        return new JsonObject
        {
            ["accessor"] = mount.Accessor,
            ["config"] = new JsonObject
            {
                ["default_lease_ttl"] = mount.DefaultLeaseTtl,
                ["force_no_cache"] = false,
                ["max_lease_ttl"] = mount.MaxLeaseTtl,
            },
            ["deprecation_status"] = "supported",
            ["description"] = mount.Description,
            ["external_entropy_access"] = false,
            ["local"] = mount.Local,
            ["options"] = options,
            ["plugin_version"] = string.Empty,
            ["running_plugin_version"] = mount.RunningVersion,
            ["running_sha256"] = string.Empty,
            ["seal_wrap"] = mount.SealWrap,
            ["type"] = mount.Type,
            ["uuid"] = mount.Uuid,
        };
    }

    /// <summary>Vault's sanitizeMountPath: a trailing "/" added, a leading one removed.</summary>
    public static string Sanitize(string path)
    {
        if (!path.EndsWith('/'))
        {
            path += "/";
        }

        return path.StartsWith('/') ? path[1..] : path;
    }
}
