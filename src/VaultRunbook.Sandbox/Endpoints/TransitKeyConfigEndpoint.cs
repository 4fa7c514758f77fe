using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Logical;
using VaultRunbook.Sandbox.Transit;

namespace VaultRunbook.Sandbox.Endpoints;

/// <summary>
/// POST keys/:name/config (Vault's path_keys_config.go): min_decryption_version (0 is forced to 1,
/// with Vault's warning), min_encryption_version, deletion_allowed, exportable and
/// allow_plaintext_backup (both only turn on) and auto_rotate_period; answers with the key.
/// </summary>
internal sealed class TransitKeyConfigEndpoint(TransitStore store)
{
    public void Map(LogicalRouteTable routes) =>
        routes.Map("keys/" + TransitRequest.NamePattern + "/config", exists: null, (LogicalOperation.Update, Configure));

    private ValueTask<LogicalResponse> Configure(LogicalRequest request)
    {
        string name = request.Param("name");
        string? fieldError = null;
        JsonObject? data = request.Data;
        bool hasMinDecryption = LogicalFields.TryGetInt(data, "min_decryption_version", out long minDecryption, ref fieldError);
        bool hasMinEncryption = LogicalFields.TryGetInt(data, "min_encryption_version", out long minEncryption, ref fieldError);
        bool hasDeletion = LogicalFields.TryGetBool(data, "deletion_allowed", out bool deletionAllowed, ref fieldError);
        LogicalFields.TryGetBool(data, "exportable", out bool exportable, ref fieldError);
        LogicalFields.TryGetBool(data, "allow_plaintext_backup", out bool plaintextBackup, ref fieldError);
        bool hasRotate = LogicalFields.TryGetDuration(data, "auto_rotate_period", allowNegative: false, out long rotatePeriod, ref fieldError);
        if (fieldError is not null)
        {
            return Answer(LogicalResponse.Invalid(fieldError));
        }

        string? warning = null;
        string? refusal = null;
        TransitKey? configured = null;
        TransitKey? before = store.Update(request.Mount, name, key =>
        {
            TransitKey next = key;
            if (hasMinDecryption)
            {
                if (minDecryption < 0)
                {
                    refusal = "min decryption version cannot be negative";
                    return key;
                }

                if (minDecryption == 0)
                {
                    minDecryption = 1;
                    warning = "since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1";
                }

                if (minDecryption != key.MinDecryptionVersion && minDecryption > key.LatestVersion)
                {
                    refusal = $"cannot set min decryption version of {minDecryption}, latest key version is {key.LatestVersion}";
                    return key;
                }

                next = next with { MinDecryptionVersion = (int)minDecryption };
            }

            if (hasMinEncryption)
            {
                if (minEncryption < 0)
                {
                    refusal = "min encryption version cannot be negative";
                    return key;
                }

                if (minEncryption != key.MinEncryptionVersion && minEncryption > key.LatestVersion)
                {
                    refusal = $"cannot set min encryption version of {minEncryption}, latest key version is {key.LatestVersion}";
                    return key;
                }

                next = next with { MinEncryptionVersion = (int)minEncryption };
            }

            if (next.MinEncryptionVersion > 0 && next.MinEncryptionVersion < next.MinDecryptionVersion)
            {
                refusal = $"cannot set min encryption/decryption values; min encryption version of {next.MinEncryptionVersion} must be greater than or equal to min decryption version of {next.MinDecryptionVersion}";
                return key;
            }

            if (hasRotate && rotatePeriod != 0 && rotatePeriod < 3600)
            {
                refusal = "auto rotate period must be 0 to disable or at least an hour";
                return key;
            }

            configured = next with
            {
                DeletionAllowed = hasDeletion ? deletionAllowed : next.DeletionAllowed,
                Exportable = next.Exportable || exportable,
                AllowPlaintextBackup = next.AllowPlaintextBackup || plaintextBackup,
                AutoRotatePeriod = hasRotate ? rotatePeriod : next.AutoRotatePeriod,
            };
            return configured;
        }, out bool isSealed);

        if (isSealed)
        {
            return Answer(LogicalResponse.Sealed);
        }

        if (before is null)
        {
            return Answer(LogicalResponse.Invalid($"no existing key named {name} could be found"));
        }

        return Answer(refusal is not null
            ? LogicalResponse.Invalid(refusal, outerError: false)
            : new LogicalResponse { Data = TransitKeysEndpoint.Body(configured!), Warnings = warning is null ? null : [warning] });
    }

    private static ValueTask<LogicalResponse> Answer(LogicalResponse response) => ValueTask.FromResult(response);
}
