using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// AppRole secret-ids as Vault documents them: POST role/:role/secret-id generates one
/// ({metadata, ttl, num_uses}, neither above the role's secret_id_ttl/secret_id_num_uses when those
/// are set) and LIST it gives the accessors; secret-id/lookup and secret-id/destroy take
/// {secret_id}, secret-id-accessor/lookup and secret-id-accessor/destroy take {secret_id_accessor}.
/// An unknown secret-id looks up as 204 (Vault returns no response); an unknown accessor is 400.
/// </summary>
internal sealed class AppRoleSecretIdEndpoint(SandboxCore core)
{
    private const string Role = "role/(?<role>[^/]+)/";

    public void Map(LogicalRouteTable routes)
    {
        routes.Map(Role + "secret-id/?", exists: null, (LogicalOperation.Update, Generate), (LogicalOperation.List, List));
        routes.Map(Role + "secret-id/lookup", exists: null, (LogicalOperation.Update, request => Lookup(request, byAccessor: false)));
        routes.Map(Role + "secret-id/destroy", exists: null, (LogicalOperation.Update, request => Destroy(request, byAccessor: false)), (LogicalOperation.Delete, request => Destroy(request, byAccessor: false)));
        routes.Map(Role + "secret-id-accessor/lookup", exists: null, (LogicalOperation.Update, request => Lookup(request, byAccessor: true)));
        routes.Map(Role + "secret-id-accessor/destroy", exists: null, (LogicalOperation.Update, request => Destroy(request, byAccessor: true)), (LogicalOperation.Delete, request => Destroy(request, byAccessor: true)));
    }

    private ValueTask<LogicalResponse> Generate(LogicalRequest request)
    {
        string? error = null;
        LogicalFields.TryGetString(request.Data, "metadata", out string metadataText, ref error);
        bool hasTtl = LogicalFields.TryGetDuration(request.Data, "ttl", allowNegative: false, out long ttl, ref error);
        bool hasUses = LogicalFields.TryGetInt(request.Data, "num_uses", out long uses, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        if (!TryParseMetadata(metadataText, out ImmutableDictionary<string, string> metadata))
        {
            return Answer(LogicalResponse.Invalid("failed to parse metadata: metadata must be a JSON object of strings"));
        }

        if (uses < 0)
        {
            return Answer(LogicalResponse.Invalid("num_uses cannot be negative"));
        }

        string name = request.Param("role");
        AppRoleSecretId? made = null;
        LogicalResponse? refused = null;
        SandboxState? saved = core.Update(state =>
        {
            if (AppRoleStore.Role(state, request.Mount.Path, name) is not { } role)
            {
                refused = LogicalResponse.Invalid($"role \"{name}\" does not exist");
                return state;
            }

            if (hasUses && role.SecretIdNumUses > 0 && (uses == 0 || uses > role.SecretIdNumUses))
            {
                refused = LogicalResponse.Invalid("num_uses cannot be higher than the role's secret_id_num_uses");
                return state;
            }

            if (hasTtl && role.SecretIdTtl > 0 && (ttl == 0 || ttl > role.SecretIdTtl))
            {
                refused = LogicalResponse.Invalid("ttl cannot be longer than the role's secret_id_ttl");
                return state;
            }

            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            long lifetime = hasTtl ? ttl : role.SecretIdTtl;
            made = new AppRoleSecretId(SecretGenerator.Uuid(), SecretGenerator.Uuid(), now)
            {
                NumUses = hasUses ? (int)uses : role.SecretIdNumUses,
                Ttl = lifetime,
                ExpirationTime = lifetime > 0 ? now + lifetime : 0,
                LastUpdatedTime = now,
                Metadata = metadata,
            };
            return AppRoleStore.WithRole(state, request.Mount.Path, name, role with { SecretIds = role.SecretIds.SetItem(made.Accessor, made) });
        });
        if (saved is null)
        {
            return Answer(LogicalResponse.Sealed);
        }

        return Answer(refused ?? LogicalResponse.Ok(new JsonObject
        {
            ["secret_id"] = made!.Id,
            ["secret_id_accessor"] = made.Accessor,
            ["secret_id_num_uses"] = made.NumUses,
            ["secret_id_ttl"] = made.Ttl,
        }));
    }

    private ValueTask<LogicalResponse> List(LogicalRequest request)
    {
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (core.State is not { } state || AppRoleStore.Role(state, request.Mount.Path, request.Param("role")) is not { } role)
        {
            return Answer(LogicalResponse.Invalid($"role \"{request.Param("role")}\" does not exist"));
        }

        string[] accessors = [.. role.SecretIds.Values.Where(s => s.IsLive(now)).Select(s => s.Accessor).Order(StringComparer.Ordinal)];
        return Answer(accessors.Length == 0 ? LogicalResponse.NotFound : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. accessors.Select(a => (JsonNode?)a)]) }));
    }

    private ValueTask<LogicalResponse> Lookup(LogicalRequest request, bool byAccessor)
    {
        if (Find(request, byAccessor, out AppRole? _, out AppRoleSecretId? secretId) is { } refused)
        {
            return Answer(refused);
        }

        return Answer(secretId is null ? LogicalResponse.Empty : LogicalResponse.Ok(Describe(secretId)));
    }

    private ValueTask<LogicalResponse> Destroy(LogicalRequest request, bool byAccessor)
    {
        if (Find(request, byAccessor, out AppRole? _, out AppRoleSecretId? found) is { } refused)
        {
            return Answer(refused);
        }

        if (found is null)
        {
            return Answer(LogicalResponse.Empty);
        }

        string name = request.Param("role");
        SandboxState? saved = core.Update(state =>
            AppRoleStore.Role(state, request.Mount.Path, name) is { } role
                ? AppRoleStore.WithRole(state, request.Mount.Path, name, role with { SecretIds = role.SecretIds.Remove(found.Accessor) })
                : state);
        return Answer(saved is null ? LogicalResponse.Sealed : LogicalResponse.Empty);
    }

    /// <summary>The role and the live secret-id the request names; a refusal when the input or role is wrong.</summary>
    private LogicalResponse? Find(LogicalRequest request, bool byAccessor, out AppRole? role, out AppRoleSecretId? secretId)
    {
        role = null;
        secretId = null;
        string field = byAccessor ? "secret_id_accessor" : "secret_id";
        string? error = null;
        LogicalFields.TryGetString(request.Data, field, out string value, ref error);
        if (error is not null)
        {
            return LogicalResponse.Invalid(error);
        }

        if (value.Length == 0)
        {
            return LogicalResponse.Invalid($"missing {field}");
        }

        string name = request.Param("role");
        if (core.State is not { } state || AppRoleStore.Role(state, request.Mount.Path, name) is not { } found)
        {
            return LogicalResponse.Invalid($"role \"{name}\" does not exist");
        }

        role = found;
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        secretId = byAccessor
            ? found.SecretIds.GetValueOrDefault(value)
            : found.SecretIds.Values.FirstOrDefault(s => SecretIdMatches(s, value));
        if (secretId is not null && !secretId.IsLive(now))
        {
            secretId = null;
        }

        return byAccessor && secretId is null
            ? LogicalResponse.Invalid($"failed to find accessor entry for secret_id_accessor: \"{value}\"")
            : null;
    }

    /// <summary>Constant-time comparison of a given secret-id with a stored one.</summary>
    public static bool SecretIdMatches(AppRoleSecretId stored, string given) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(stored.Id), System.Text.Encoding.UTF8.GetBytes(given));

    private static JsonObject Describe(AppRoleSecretId secretId)
    {
        var metadata = new JsonObject();
        foreach (KeyValuePair<string, string> pair in secretId.Metadata)
        {
            metadata[pair.Key] = pair.Value;
        }

        return new JsonObject
        {
            ["cidr_list"] = new JsonArray(),
            ["creation_time"] = Time(secretId.CreationTime),
            ["expiration_time"] = secretId.ExpirationTime == 0 ? "0001-01-01T00:00:00Z" : Time(secretId.ExpirationTime),
            ["last_updated_time"] = Time(secretId.LastUpdatedTime),
            ["metadata"] = metadata,
            ["secret_id_accessor"] = secretId.Accessor,
            ["secret_id_num_uses"] = secretId.NumUses,
            ["secret_id_ttl"] = secretId.Ttl,
            ["token_bound_cidrs"] = new JsonArray(),
        };
    }

    private static string Time(long unixSeconds) => GoTime.Rfc3339Nano(DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime);

    private static bool TryParseMetadata(string text, out ImmutableDictionary<string, string> metadata)
    {
        metadata = ImmutableDictionary<string, string>.Empty;
        if (text.Length == 0)
        {
            return true;
        }

        try
        {
            using JsonDocument document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    return false;
                }

                builder[property.Name] = property.Value.GetString()!;
            }

            metadata = builder.ToImmutable();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
