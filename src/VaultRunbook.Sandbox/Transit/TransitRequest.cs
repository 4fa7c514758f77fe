using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Sandbox.Core;
using VaultRunbook.Sandbox.Logical;

namespace VaultRunbook.Sandbox.Transit;

/// <summary>
/// The fields sign and verify share, read as Vault's path_sign_verify.go reads them: the hash (URL
/// segment, then hash_algorithm, then the deprecated algorithm, then sha2-256), marshaling_algorithm,
/// prehashed, signature_algorithm, salt_length, key_version, and batch_input (a list of string maps).
/// </summary>
internal sealed record TransitRequest(TransitSignOptions Options, bool Prehashed, int KeyVersion)
{
    /// <summary>The route pattern of a key name (Vault's framework.GenericNameRegex, ASCII \w).</summary>
    public const string NamePattern = "(?<name>[0-9A-Za-z_](?:[0-9A-Za-z_.-]*[0-9A-Za-z_])?)";

    /// <summary>The options, or the first error in Vault's order (hash, marshaling, salt length).</summary>
    public static TransitRequest? Parse(LogicalRequest request, out CoreError? error)
    {
        error = null;
        string? fieldError = null;
        string hashName = request.Param("urlalgorithm");
        if (hashName.Length == 0)
        {
            LogicalFields.TryGetString(request.Data, "hash_algorithm", out hashName, ref fieldError);
            if (hashName.Length == 0)
            {
                LogicalFields.TryGetString(request.Data, "algorithm", out hashName, ref fieldError);
            }

            if (hashName.Length == 0)
            {
                hashName = TransitHash.Default;
            }
        }

        string marshaling = TransitSignOptions.Asn1;
        if (LogicalFields.TryGet(request.Data, "marshaling_algorithm", out _))
        {
            LogicalFields.TryGetString(request.Data, "marshaling_algorithm", out marshaling, ref fieldError);
        }

        LogicalFields.TryGetBool(request.Data, "prehashed", out bool prehashed, ref fieldError);
        LogicalFields.TryGetString(request.Data, "signature_algorithm", out string signatureAlgorithm, ref fieldError);
        LogicalFields.TryGetInt(request.Data, "key_version", out long keyVersion, ref fieldError);
        bool hasSalt = LogicalFields.TryGetString(request.Data, "salt_length", out string saltText, ref fieldError);
        if (fieldError is not null)
        {
            error = new CoreError(400, fieldError);
            return null;
        }

        if (TransitHash.Unserved(hashName))
        {
            error = new CoreError(400, $"the sandbox does not serve hash algorithm {hashName}");
            return null;
        }

        if (TransitHash.Find(hashName) is not { } hash)
        {
            error = new CoreError(400, $"invalid hash algorithm \"{hashName}\"");
            return null;
        }

        if (marshaling is not (TransitSignOptions.Asn1 or TransitSignOptions.Jws))
        {
            error = new CoreError(400, $"invalid marshaling type \"{marshaling}\"");
            return null;
        }

        int salt = RsaSignature.SaltAuto;
        if (hasSalt)
        {
            switch (saltText.ToLowerInvariant())
            {
                case "auto":
                    break;
                case "hash":
                    salt = RsaSignature.SaltEqualsHash;
                    break;
                default:
                    if (!int.TryParse(saltText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out salt))
                    {
                        error = new CoreError(400, $"salt length neither 'auto', 'hash', nor an int: {saltText}");
                        return null;
                    }

                    if (salt < RsaSignature.SaltEqualsHash)
                    {
                        error = new CoreError(400, $"salt length is invalid: {salt}");
                        return null;
                    }

                    break;
            }
        }

        return new TransitRequest(new TransitSignOptions(hash, marshaling, salt, signatureAlgorithm), prehashed, (int)keyVersion);
    }

    /// <summary>Vault's check after the key lookup: hash "none" needs prehashed input and pkcs1v15.</summary>
    public CoreError? CheckNone() =>
        Options.Hash.Name == "none" && (!Prehashed || Options.SignatureAlgorithm != "pkcs1v15")
            ? new CoreError(400, "hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15")
            : null;

    /// <summary>
    /// batch_input as Vault decodes it (mapstructure into []map[string]string): null items when the
    /// field is absent; a 500 when it is not a list of string maps; a 400 when the list is empty.
    /// </summary>
    public static List<Dictionary<string, string>>? Batch(JsonObject? data, out CoreError? error)
    {
        error = null;
        if (!LogicalFields.TryGet(data, "batch_input", out JsonNode raw))
        {
            return null;
        }

        if (raw is not JsonArray array)
        {
            error = new CoreError(500, $"failed to parse batch input: source data must be an array or slice, got {Kind(raw)}");
            return null;
        }

        var items = new List<Dictionary<string, string>>();
        foreach (JsonNode? element in array)
        {
            if (element is not JsonObject obj)
            {
                error = new CoreError(500, $"failed to parse batch input: expected a map, got '{(element is null ? "null" : Kind(element))}'");
                return null;
            }

            var item = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, JsonNode?> pair in obj)
            {
                if (pair.Value is null || pair.Value.GetValueKind() != JsonValueKind.String)
                {
                    error = new CoreError(500, $"failed to parse batch input: '[{items.Count}][{pair.Key}]' expected type 'string'");
                    return null;
                }

                item[pair.Key] = pair.Value.GetValue<string>();
            }

            items.Add(item);
        }

        if (items.Count == 0)
        {
            error = new CoreError(400, "missing batch input to process");
            return null;
        }

        return items;
    }

    /// <summary>An item's input, base64-decoded and hashed when the key type hashes and the input is not prehashed; its context checked.</summary>
    public byte[]? Input(IReadOnlyDictionary<string, string> item, TransitKey key, out string? error)
    {
        error = null;
        if (!item.TryGetValue("input", out string? text))
        {
            error = "missing input";
            return null;
        }

        if (GoBase64.DecodeStd(text, out string? base64Error) is not { } input)
        {
            error = "unable to decode input as base64: " + base64Error;
            return null;
        }

        if (item.TryGetValue("context", out string? context) && context.Length > 0 && GoBase64.DecodeStd(context, out _) is null)
        {
            error = "failed to base64-decode context";
            return null;
        }

        return TransitKeyType.HashesInput(key.Type) && !Prehashed ? Options.Hash.Hash(input) : input;
    }

    /// <summary>A Vault error as the logical response: 400 with "invalid request" in the audit log, or 500.</summary>
    public static LogicalResponse Respond(CoreError error) => error.Status == 400
        ? LogicalResponse.Invalid(error.Message)
        : new LogicalResponse { Status = error.Status, Errors = [error.Message], AuditError = error.Message };

    /// <summary>A single (non-batch) request's one item: input and context as given, "" when absent.</summary>
    public static Dictionary<string, string> Single(JsonObject? data, params string[] names)
    {
        var item = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            string? ignored = null;
            LogicalFields.TryGetString(data, name, out string value, ref ignored);
            item[name] = value;
        }

        return item;
    }

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "map",
        JsonValueKind.Array => "slice",
        JsonValueKind.Number => "float64",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "string",
    };
}
