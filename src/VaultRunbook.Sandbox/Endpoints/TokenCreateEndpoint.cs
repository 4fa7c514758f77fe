using System.Collections.Immutable;
using System.Text.RegularExpressions;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// POST auth/token/create and create-orphan (vault-api-notes §5), enough to mint tokens with their
/// own display name and policies: policies (default: the parent's; a non-root parent may only hand
/// out its own, and "default" is added unless no_default_policy), display_name ("token-" plus the
/// sanitized name), ttl (default 768h; none for a root-policy token), explicit_max_ttl, num_uses,
/// renewable, meta, no_parent. The token is in the response's auth block; data is null. The
/// sandbox issues service tokens only, and writes no "policy does not exist" warnings (its policies
/// are names, see <see cref="SandboxAcl"/>).
/// </summary>
internal sealed partial class TokenCreateEndpoint(SandboxCore core)
{
    public void Map(LogicalRouteTable routes)
    {
        routes.Map("create", exists: null, (LogicalOperation.Update, request => Create(request, orphanPath: false)));
        routes.Map("create-orphan", exists: null, (LogicalOperation.Update, request => Create(request, orphanPath: true)));
    }

    /// <summary>Vault's display name: "token", or "token-" + the name with characters outside [a-zA-Z0-9-] as "-", no trailing "-".</summary>
    public static string DisplayName(string given) =>
        given.Length == 0 ? "token" : Unsafe().Replace("token-" + given, "-").TrimEnd('-');

    private ValueTask<LogicalResponse> Create(LogicalRequest request, bool orphanPath)
    {
        TokenEntry parent = request.Auth!;
        string? error = null;
        bool hasPolicies = LogicalFields.TryGetStringList(request.Data, "policies", out List<string> policies, ref error);
        LogicalFields.TryGetString(request.Data, "display_name", out string displayName, ref error);
        bool hasTtl = LogicalFields.TryGetDuration(request.Data, "ttl", allowNegative: false, out long ttl, ref error);
        LogicalFields.TryGetDuration(request.Data, "explicit_max_ttl", allowNegative: false, out long explicitMax, ref error);
        LogicalFields.TryGetInt(request.Data, "num_uses", out long numUses, ref error);
        bool hasRenewable = LogicalFields.TryGetBool(request.Data, "renewable", out bool renewable, ref error);
        LogicalFields.TryGetBool(request.Data, "no_default_policy", out bool noDefault, ref error);
        LogicalFields.TryGetBool(request.Data, "no_parent", out bool noParent, ref error);
        LogicalFields.TryGetString(request.Data, "type", out string type, ref error);
        LogicalFields.TryGetStringMap(request.Data, "meta", out Dictionary<string, string> meta, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        if (type is not ("" or "service" or "default"))
        {
            return Answer(LogicalResponse.Invalid($"the sandbox issues service tokens only, not \"{type}\""));
        }

        if (numUses < 0)
        {
            return Answer(LogicalResponse.Invalid("number of uses cannot be negative"));
        }

        List<string> requested = hasPolicies && policies.Count > 0
            ? [.. policies.Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0)]
            : [.. parent.Policies.Where(p => p != "default" || noDefault is false)];
        if (!parent.IsRoot && requested.Any(p => p != "default" && !parent.Policies.Contains(p, StringComparer.Ordinal)))
        {
            return Answer(LogicalResponse.Invalid("child policies must be subset of parent"));
        }

        if (noParent && !orphanPath && !parent.IsRoot)
        {
            return Answer(LogicalResponse.Invalid("root or sudo privileges required to create orphan token"));
        }

        bool isRoot = requested.Contains("root", StringComparer.Ordinal);
        if (!noDefault && !isRoot && !requested.Contains("default", StringComparer.Ordinal))
        {
            requested.Add("default");
        }

        long lease = hasTtl && ttl > 0 ? ttl : isRoot ? 0 : LogicalEnvelope.DefaultLeaseSeconds;
        if (explicitMax > 0 && (lease == 0 || lease > explicitMax))
        {
            lease = explicitMax;
        }

        bool orphan = noParent || orphanPath;
        var token = new TokenEntry(
            SecretGenerator.ServiceToken(),
            SecretGenerator.Accessor(),
            [.. requested.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            orphanPath ? "auth/token/create-orphan" : "auth/token/create",
            DisplayName(displayName),
            DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            Ttl = lease,
            ExplicitMaxTtl = explicitMax,
            Orphan = orphan,
            Renewable = (!hasRenewable || renewable) && lease > 0,
            NumUses = (int)Math.Min(numUses, int.MaxValue),
            Meta = meta.Count > 0 ? meta.ToImmutableDictionary(StringComparer.Ordinal) : null,
            ParentAccessor = orphan ? null : parent.Accessor,
        };
        SandboxState? saved = core.Update(state =>
            state with { Tokens = (state.Tokens ?? ImmutableDictionary<string, TokenEntry>.Empty).SetItem(token.Id, token) });
        return Answer(saved is null ? LogicalResponse.Sealed : new LogicalResponse { Auth = token });
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);

    [GeneratedRegex("[^a-zA-Z0-9-]", RegexOptions.CultureInvariant)]
    private static partial Regex Unsafe();
}
