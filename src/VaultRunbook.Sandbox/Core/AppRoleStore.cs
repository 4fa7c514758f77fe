using System.Collections.Immutable;

namespace VaultRunbook.Sandbox.Core;

/// <summary>Reads and replaces the roles of one AppRole mount inside a state.</summary>
internal static class AppRoleStore
{
    public static ImmutableDictionary<string, AppRole> Roles(SandboxState state, string mountPath) =>
        state.AuthMounts?.GetValueOrDefault(mountPath)?.AppRoles ?? ImmutableDictionary<string, AppRole>.Empty;

    public static AppRole? Role(SandboxState state, string mountPath, string name) => Roles(state, mountPath).GetValueOrDefault(name);

    /// <summary>The state with the mount's roles replaced; unchanged when the mount is gone.</summary>
    public static SandboxState WithRoles(SandboxState state, string mountPath, ImmutableDictionary<string, AppRole> roles) =>
        state.AuthMounts?.GetValueOrDefault(mountPath) is { } mount
            ? state with { AuthMounts = state.AuthMounts.SetItem(mountPath, mount with { AppRoles = roles }) }
            : state;

    /// <summary>The state with one role replaced (or removed, when <paramref name="role"/> is null).</summary>
    public static SandboxState WithRole(SandboxState state, string mountPath, string name, AppRole? role)
    {
        ImmutableDictionary<string, AppRole> roles = Roles(state, mountPath);
        return WithRoles(state, mountPath, role is null ? roles.Remove(name) : roles.SetItem(name, role));
    }
}
