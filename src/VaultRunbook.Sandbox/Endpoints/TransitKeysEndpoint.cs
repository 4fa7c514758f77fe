using System.Collections.Immutable;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Http;
using VaultRunbook.Sandbox.Logical;
using VaultRunbook.Sandbox.Transit;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// A transit mount's keys (Vault's path_keys.go and path_rotate.go): LIST keys/ names them; POST
/// keys/:name creates one (type, exportable, allow_plaintext_backup, auto_rotate_period) and
/// answers 200 with the key, as GET does, adding the warning "key NAME already existed" when it
/// was there; POST keys/:name/rotate adds a version and answers with the key.
/// </summary>
internal sealed class TransitKeysEndpoint(TransitStore store)
{
    public void Map(LogicalRouteTable routes)
    {
        routes.Map("keys/?", exists: null, (LogicalOperation.List, List));
        routes.Map("keys/" + TransitRequest.NamePattern + "/rotate", exists: null, (LogicalOperation.Update, Rotate));
        routes.Map("keys/" + TransitRequest.NamePattern, exists: null, (LogicalOperation.Read, Read), (LogicalOperation.Update, Create));
    }

    /// <summary>The key as Vault's formatKeyPolicy shows it (a Go map: the writer sorts it).</summary>
    public static JsonObject Body(TransitKey key)
    {
        var versions = new JsonObject();
        foreach ((string number, TransitKeyVersion version) in key.Versions)
        {
            versions[number] = TransitKeyType.VersionName(key.Type) is { } name
                ? new JsonObject
                {
                    ["certificate_chain"] = string.Empty,
                    ["creation_time"] = GoTime.Rfc3339Nano(version.CreationTime.UtcDateTime),
                    ["name"] = name,
                    ["public_key"] = version.PublicKey,
                }
                : JsonValue.Create(version.CreationTime.ToUnixTimeSeconds());
        }

        return new JsonObject
        {
            ["allow_plaintext_backup"] = key.AllowPlaintextBackup,
            ["auto_rotate_period"] = key.AutoRotatePeriod,
            ["deletion_allowed"] = key.DeletionAllowed,
            ["derived"] = false,
            ["exportable"] = key.Exportable,
            ["imported_key"] = false,
            ["keys"] = versions,
            ["latest_version"] = key.LatestVersion,
            ["min_available_version"] = 0,
            ["min_decryption_version"] = key.MinDecryptionVersion,
            ["min_encryption_version"] = key.MinEncryptionVersion,
            ["name"] = key.Name,
            ["supports_decryption"] = TransitKeyType.SupportsEncryption(key.Type),
            ["supports_derivation"] = TransitKeyType.SupportsDerivation(key.Type),
            ["supports_encryption"] = TransitKeyType.SupportsEncryption(key.Type),
            ["supports_signing"] = TransitKeyType.SupportsSigning(key.Type),
            ["type"] = key.Type,
        };
    }

    private ValueTask<LogicalResponse> List(LogicalRequest request)
    {
        if (store.Current(request.Mount) is not { } mount)
        {
            return Answer(LogicalResponse.Sealed);
        }

        string[] names = [.. (mount.TransitKeys?.Keys ?? []).Order(StringComparer.Ordinal)];
        return Answer(names.Length == 0
            ? LogicalResponse.NotFound
            : LogicalResponse.Ok(new JsonObject { ["keys"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]) }));
    }

    private ValueTask<LogicalResponse> Read(LogicalRequest request)
    {
        if (store.Current(request.Mount) is not { } mount)
        {
            return Answer(LogicalResponse.Sealed);
        }

        return Answer(mount.TransitKeys?.GetValueOrDefault(request.Param("name")) is { } key ? LogicalResponse.Ok(Body(key)) : LogicalResponse.NotFound);
    }

    private ValueTask<LogicalResponse> Create(LogicalRequest request)
    {
        string name = request.Param("name");
        string? error = null;
        JsonObject? data = request.Data;
        if (!LogicalFields.TryGetString(data, "type", out string type, ref error))
        {
            type = TransitKeyType.Default;
        }

        LogicalFields.TryGetBool(data, "derived", out bool derived, ref error);
        LogicalFields.TryGetBool(data, "convergent_encryption", out bool convergent, ref error);
        LogicalFields.TryGetBool(data, "exportable", out bool exportable, ref error);
        LogicalFields.TryGetBool(data, "allow_plaintext_backup", out bool plaintextBackup, ref error);
        LogicalFields.TryGetDuration(data, "auto_rotate_period", allowNegative: false, out long rotatePeriod, ref error);
        LogicalFields.TryGetInt(data, "key_size", out long keySize, ref error);
        if (error is not null)
        {
            return Answer(LogicalResponse.Invalid(error));
        }

        if (rotatePeriod != 0 && rotatePeriod < 3600)
        {
            return Answer(LogicalResponse.Invalid("auto rotate period must be 0 to disable or at least an hour", outerError: false));
        }

        if (!derived && convergent)
        {
            return Answer(LogicalResponse.Invalid("convergent encryption requires derivation to be enabled", outerError: false));
        }

        if (!TransitKeyType.IsServed(type))
        {
            return Answer(LogicalResponse.Invalid(TransitKeyType.Unserved.Contains(type)
                ? $"the sandbox does not serve key type {type}"
                : $"unknown key type {type}"));
        }

        if (keySize != 0)
        {
            return Answer(LogicalResponse.Invalid($"key_size is not valid for algorithm {type}"));
        }

        if (derived)
        {
            return Answer(LogicalResponse.Invalid("the sandbox does not serve derived keys"));
        }

        if (store.Current(request.Mount) is not { } mount)
        {
            return Answer(LogicalResponse.Sealed);
        }

        // Vault upserts: an existing key is kept as it is. Make key material only for a new one (RSA takes a while).
        TransitKey created = mount.TransitKeys?.GetValueOrDefault(name) ?? new TransitKey(
            name,
            type,
            LatestVersion: 1,
            ImmutableDictionary<string, TransitKeyVersion>.Empty.Add("1", TransitKeyType.NewVersion(type)))
        {
            Exportable = exportable,
            AllowPlaintextBackup = plaintextBackup,
            AutoRotatePeriod = rotatePeriod,
        };
        if (store.Create(request.Mount, created) is not { } result)
        {
            return Answer(LogicalResponse.Sealed);
        }

        return Answer(new LogicalResponse
        {
            Data = Body(result.Key),
            Warnings = result.Existed ? [$"key {name} already existed"] : null,
        });
    }

    private ValueTask<LogicalResponse> Rotate(LogicalRequest request)
    {
        string name = request.Param("name");
        if (store.Find(request.Mount, name) is not { } key)
        {
            return Answer(store.Current(request.Mount) is null ? LogicalResponse.Sealed : LogicalResponse.Invalid("key not found"));
        }

        TransitKey? rotated = store.Rotate(request.Mount, name, TransitKeyType.NewVersion(key.Type), out bool sealedNow);
        return Answer(sealedNow ? LogicalResponse.Sealed : rotated is null ? LogicalResponse.Invalid("key not found") : LogicalResponse.Ok(Body(rotated)));
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
