using VaultRunbook.Engine.Common;

namespace VaultRunbook.Engine.Vault;

/// <summary>
/// A standby answered 307 to a place the client will not send the token to: another scheme (https to http, or the
/// other way), or another host that is not loopback like the asked one. Only the scheme and host are named.
/// </summary>
public sealed class VaultRedirectRefusedException : EngineException
{
    public VaultRedirectRefusedException(string address, string path, Uri location)
        : base("VaultRunbook.Vault.RedirectRefused", ErrorKind.PermissionDenied,
            $"Vault at {address} redirected /v1/{path} (307, a standby pointing at the active node) to {SchemeAndHost(location)}; " +
            "not followed, as that would send the token to another scheme or host. Send the request to the active node directly (Get-VaultLeader names it).")
    {
        Address = address;
        RedirectedTo = SchemeAndHost(location);
        Target = address;
    }

    public string Address { get; }

    /// <summary>The redirect's scheme, host and port (never its userinfo, path or query).</summary>
    public string RedirectedTo { get; }

    private static string SchemeAndHost(Uri location) => $"{location.Scheme}://{location.Authority}";
}
