using VaultRunbook.Sandbox.Audit;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>The request audit entry of a hand-written sys handler Vault audits (sys/seal, sys/step-down): an update on the sys/ mount.</summary>
internal static class SysRequestAudit
{
    public static AuditRequest Entry(SandboxState state, TokenEntry? auth, SandboxRequest request, string path)
    {
        MountEntry? sys = state.Mounts?.GetValueOrDefault("sys/");
        return new AuditRequest(SecretGenerator.Uuid(), "update", path)
        {
            ClientToken = request.Token,
            Auth = auth,
            MountPoint = sys?.Path,
            MountType = sys?.Type,
            MountAccessor = sys?.Accessor,
            MountClass = sys?.MountClass,
            MountRunningVersion = sys?.RunningVersion,
            RemoteAddress = request.RemoteAddress,
            RemotePort = request.RemotePort,
        };
    }
}
