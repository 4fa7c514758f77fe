using VaultRunbook.Sandbox.Audit;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;
using VaultRunbook.Sandbox.Transit;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// Builds the request handling: the hand-written sys handlers in a <see cref="RouteTable"/>, and a
/// <see cref="LogicalRouteTable"/> per backend (sys/, auth/token/, KV v2, KV v1, AppRole, transit) behind the
/// <see cref="LogicalPipeline"/>. One endpoint group per file, each adding its own routes.
/// </summary>
internal static class SandboxRoutes
{
    public static SandboxDispatcher Build(SandboxCore core, SandboxKnobs knobs, AuditBroker audit)
    {
        var routes = new RouteTable();
        new SysHealthEndpoint(core, knobs).Map(routes);
        new SysSealStatusEndpoint(core).Map(routes);
        new SysInitEndpoint(core).Map(routes);
        new SysUnsealEndpoint(core).Map(routes);
        new SysSealEndpoint(core, audit).Map(routes);
        new SysLeaderEndpoint().Map(routes);
        new SysGenerateRootEndpoint(core).Map(routes);
        new SysRekeyInitEndpoint(core).Map(routes);
        var statistics = new RequestStatistics();
        new SysMetricsEndpoint(core, knobs, statistics).Map(routes);

        var system = new LogicalRouteTable();
        new SysMountsTuneEndpoint(core).Map(system);
        new SysMountsEndpoint(core).Map(system);
        new SysKeyStatusEndpoint(core).Map(system);
        new SysAuditEndpoint(core, audit).Map(system);
        new SysAuditHashEndpoint(core).Map(system);
        new SysInternalUiMountsEndpoint(core).Map(system);
        new SysLeasesEndpoint(core).Map(system);
        new SysAuthEndpoint(core).Map(system);

        var token = new LogicalRouteTable();
        new TokenLookupSelfEndpoint().Map(token);
        new TokenCreateEndpoint(core).Map(token);
        new TokenLookupEndpoint(core).Map(token);
        new TokenRenewEndpoint(core).Map(token);
        new TokenRevokeEndpoint(core).Map(token);
        new TokenAccessorsEndpoint(core).Map(token);

        var kv = new KvStore(core);
        var kvV2 = new LogicalRouteTable();
        new KvConfigEndpoint(kv).Map(kvV2);
        new KvDataEndpoint(kv).Map(kvV2);
        new KvMetadataEndpoint(kv).Map(kvV2);
        new KvVersionsEndpoint(kv).Map(kvV2);
        new KvSubkeysEndpoint(kv).Map(kvV2);
        new KvInvalidPathEndpoint().Map(kvV2);

        var kvV1 = new LogicalRouteTable();
        new KvV1Endpoint(kv).Map(kvV1);

        var appRole = new LogicalRouteTable();
        new AppRoleRoleEndpoint(core).Map(appRole);
        new AppRoleSecretIdEndpoint(core).Map(appRole);
        new AppRoleLoginEndpoint(core).Map(appRole);

        var transit = new LogicalRouteTable();
        var transitKeys = new TransitStore(core);
        new TransitKeysEndpoint(transitKeys).Map(transit);
        new TransitSignEndpoint(transitKeys).Map(transit);
        new TransitVerifyEndpoint(transitKeys).Map(transit);

        var logical = new LogicalPipeline(core, new MountRouter(system, token, kvV2, kvV1, appRole, transit), audit);
        return new SandboxDispatcher(routes, core, logical, statistics);
    }
}
