using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;

namespace VaultRunbook.Sandbox.Core;

/// <summary>
/// The token store's rules on a state (Vault's token store and expiration manager): finding a live
/// token by id or accessor (the root token made at init included), and revoking as Vault does:
/// a token with all its descendants (revoke, revoke-self, revoke-accessor and lease revocation),
/// a token alone with its children made orphans (revoke-orphan), and every token whose lease lies
/// under a path prefix (sys/leases/revoke-prefix). Expired tokens count as gone.
/// </summary>
internal static class TokenTree
{
    /// <summary>The live token with this id, or null (unknown, revoked or expired).</summary>
    public static TokenEntry? ById(SandboxState state, string id)
    {
        if (!state.RootRevoked && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(id), Encoding.UTF8.GetBytes(state.RootToken)))
        {
            return Root(state);
        }

        return state.Tokens is not null && state.Tokens.TryGetValue(id, out TokenEntry? entry) && IsLive(entry) ? entry : null;
    }

    /// <summary>The live token with this accessor, or null.</summary>
    public static TokenEntry? ByAccessor(SandboxState state, string accessor) =>
        Live(state).FirstOrDefault(t => string.Equals(t.Accessor, accessor, StringComparison.Ordinal));

    /// <summary>Every live token, the init root token first.</summary>
    public static IEnumerable<TokenEntry> Live(SandboxState state)
    {
        if (!state.RootRevoked)
        {
            yield return Root(state);
        }

        foreach (TokenEntry entry in state.Tokens?.Values ?? [])
        {
            if (IsLive(entry))
            {
                yield return entry;
            }
        }
    }

    /// <summary>The state without the token and all its descendants.</summary>
    public static SandboxState RevokeTree(SandboxState state, TokenEntry token)
    {
        var gone = new HashSet<string>(StringComparer.Ordinal) { token.Accessor };
        List<TokenEntry> all = [.. state.Tokens?.Values ?? []];
        bool grew = true;
        while (grew)
        {
            grew = false;
            foreach (TokenEntry entry in all)
            {
                if (entry.ParentAccessor is { } parent && gone.Contains(parent) && gone.Add(entry.Accessor))
                {
                    grew = true;
                }
            }
        }

        return Remove(state, gone);
    }

    /// <summary>The state without the token; its children stay, as orphans.</summary>
    public static SandboxState RevokeOrphan(SandboxState state, TokenEntry token)
    {
        SandboxState next = Remove(state, [token.Accessor]);
        ImmutableDictionary<string, TokenEntry> tokens = next.Tokens ?? ImmutableDictionary<string, TokenEntry>.Empty;
        foreach (TokenEntry child in tokens.Values.Where(t => t.ParentAccessor == token.Accessor).ToList())
        {
            tokens = tokens.SetItem(child.Id, child with { Orphan = true, ParentAccessor = null });
        }

        return next with { Tokens = tokens };
    }

    /// <summary>
    /// Revokes (with their descendants) the tokens whose lease id ("path/…") starts with
    /// <paramref name="prefix"/>. Tokens without a lease (TTL 0, such as root tokens) have no lease
    /// to revoke and stay, as in Vault.
    /// </summary>
    public static SandboxState RevokePrefix(SandboxState state, string prefix)
    {
        foreach (TokenEntry entry in Live(state).Where(t => t.Lease > 0 && (t.Path + "/").StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            if (ById(state, entry.Id) is { } still)
            {
                state = RevokeTree(state, still);
            }
        }

        return state;
    }

    private static SandboxState Remove(SandboxState state, IReadOnlyCollection<string> accessors)
    {
        bool root = !state.RootRevoked && accessors.Contains(state.RootAccessor);
        ImmutableDictionary<string, TokenEntry>? tokens = state.Tokens;
        if (tokens is not null)
        {
            tokens = tokens.RemoveRange(tokens.Values.Where(t => accessors.Contains(t.Accessor)).Select(t => t.Id).ToList());
        }

        return state with { Tokens = tokens, RootRevoked = state.RootRevoked || root };
    }

    private static bool IsLive(TokenEntry entry) => entry.ExpireTime is not { } expires || expires > DateTimeOffset.UtcNow;

    private static TokenEntry Root(SandboxState state) =>
        new(state.RootToken, state.RootAccessor, ["root"], "auth/token/root", "root", state.RootCreationTime);
}
