using System.Security;

namespace VaultRunbook.Cmdlets.Tokens;

/// <summary>
/// A token a login issued (Connect-VaultAppRole). <see cref="Token"/> is a SecureString and binds by name as -Token
/// to every cmdlet of the module; <see cref="Accessor"/> names it for Get-VaultToken and Revoke-VaultToken.
/// ToString never shows the token.
/// </summary>
public sealed class VaultAuthToken
{
    public VaultAuthToken(string address, string? @namespace, SecureString token, string accessor, IReadOnlyList<string> policies, TimeSpan leaseDuration, bool renewable, bool orphan, IReadOnlyDictionary<string, string> metadata, string path)
    {
        Address = address;
        Namespace = @namespace;
        Token = token;
        Accessor = accessor;
        Policies = policies;
        LeaseDuration = leaseDuration;
        ExpireTime = leaseDuration > TimeSpan.Zero ? DateTimeOffset.UtcNow + leaseDuration : null;
        Renewable = renewable;
        Orphan = orphan;
        Metadata = metadata;
        Path = path;
    }

    public string Address { get; }

    public string? Namespace { get; }

    /// <summary>The token itself, never shown.</summary>
    public SecureString Token { get; }

    public string Accessor { get; }

    public IReadOnlyList<string> Policies { get; }

    public TimeSpan LeaseDuration { get; }

    /// <summary>When the lease ends as the client counts it (null: never).</summary>
    public DateTimeOffset? ExpireTime { get; }

    public bool Renewable { get; }

    public bool Orphan { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The login path that issued it (auth/approle/login).</summary>
    public string Path { get; }

    public override string ToString() => $"token {Accessor} ({Path})";
}
