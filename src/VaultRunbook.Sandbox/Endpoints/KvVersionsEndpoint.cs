using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Kv;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// KV v2 delete/, undelete/ and destroy/&lt;path&gt; with {"versions":[...]} (vault-api-notes §6): soft
/// delete, restore (a scheduled delete_version_after deletion is set again), and destroy for good.
/// All answer 204, also for a key or version that does not exist.
/// </summary>
internal sealed class KvVersionsEndpoint(KvStore kv)
{
    public void Map(LogicalRouteTable routes)
    {
        routes.Map("delete/(?<path>.*)", exists: null, (LogicalOperation.Update, request => Change(request, "No version number provided", SoftDelete)));
        routes.Map("undelete/(?<path>.*)", exists: null, (LogicalOperation.Update, request => Change(request, "No version number provided", Undelete)));
        routes.Map("destroy/(?<path>.*)", exists: null, (LogicalOperation.Update, request => Change(request, "no version number provided", Destroy)));
    }

    private static KvVersion SoftDelete(KvVersion version, KvSecret meta, KvConfig config, DateTime now) =>
        version.IsDeleted(now) ? version : version with { DeletionTime = now };

    private static KvVersion Undelete(KvVersion version, KvSecret meta, KvConfig config, DateTime now) =>
        version with { DeletionTime = KvV2Rules.DeletionTime(now, config, meta) };

    private static KvVersion Destroy(KvVersion version, KvSecret meta, KvConfig config, DateTime now) =>
        version with { Destroyed = true, Data = null };

    private async ValueTask<LogicalResponse> Change(LogicalRequest request, string noVersions, Func<KvVersion, KvSecret, KvConfig, DateTime, KvVersion> change)
    {
        string? error = null;
        LogicalFields.TryGetIntList(request.Data, "versions", out List<long> versions, ref error);
        if (error is not null)
        {
            return LogicalResponse.Invalid(error);
        }

        if (versions.Count == 0)
        {
            return LogicalResponse.Invalid(noVersions);
        }

        string key = request.Param("path");
        using (await kv.LockAsync(request.Mount, key).ConfigureAwait(false))
        {
            MountEntry? mount = kv.Current(request.Mount);
            if (mount?.Secrets?.GetValueOrDefault(key) is not { } meta)
            {
                return mount is null ? LogicalResponse.Sealed : LogicalResponse.Empty;
            }

            DateTime now = DateTime.UtcNow;
            KvConfig config = mount.KvConfig ?? KvConfig.Default;
            KvSecret next = meta;
            foreach (long number in versions)
            {
                // Missing and destroyed versions are skipped.
                if (next.Versions.TryGetValue(number, out KvVersion? version) && !version.Destroyed)
                {
                    next = next with { Versions = next.Versions.SetItem(number, change(version, meta, config, now)) };
                }
            }

            return kv.Save(mount, key, next) ? LogicalResponse.Empty : LogicalResponse.Sealed;
        }
    }
}
