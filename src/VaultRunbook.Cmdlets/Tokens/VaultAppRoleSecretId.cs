using System.Security;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// A new AppRole secret-id (New-VaultAppRoleSecretId): the secret as a SecureString, and the accessor that names it
/// from then on (Revoke-VaultAppRoleSecretId binds Mount, RoleName and SecretIdAccessor by name). ToString never
/// shows the secret-id.
/// </summary>
public sealed class VaultAppRoleSecretId
{
    public VaultAppRoleSecretId(string address, string? @namespace, string mount, string roleName, string secretIdAccessor, SecureString secretId, long numUses, TimeSpan ttl)
    {
        Address = address;
        Namespace = @namespace;
        Mount = mount;
        RoleName = roleName;
        SecretIdAccessor = secretIdAccessor;
        SecretId = secretId;
        NumUses = numUses;
        Ttl = ttl;
    }

    public string Address { get; }

    public string? Namespace { get; }

    public string Mount { get; }

    public string RoleName { get; }

    public string SecretIdAccessor { get; }

    /// <summary>The secret-id itself, never shown.</summary>
    public SecureString SecretId { get; }

    /// <summary>Logins it allows; 0 is unlimited.</summary>
    public long NumUses { get; }

    /// <summary>How long it lives; zero is forever.</summary>
    public TimeSpan Ttl { get; }

    public override string ToString() => $"secret-id {SecretIdAccessor} of {Mount}/{RoleName}";
}
