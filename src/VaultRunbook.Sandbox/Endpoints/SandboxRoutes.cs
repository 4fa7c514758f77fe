using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>Builds the route table: one endpoint group per file, each adding its own routes.</summary>
internal static class SandboxRoutes
{
    public static RouteTable Build(SandboxCore core, SandboxKnobs knobs)
    {
        var routes = new RouteTable();
        new SysHealthEndpoint(core, knobs).Map(routes);
        new SysSealStatusEndpoint(core).Map(routes);
        new SysInitEndpoint(core).Map(routes);
        new SysUnsealEndpoint(core).Map(routes);
        new SysSealEndpoint(core).Map(routes);
        new SysLeaderEndpoint().Map(routes);
        new TokenLookupSelfEndpoint().Map(routes);
        return routes;
    }
}
