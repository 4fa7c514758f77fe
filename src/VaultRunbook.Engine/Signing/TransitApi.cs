using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Engine.Signing;

/// <summary>
/// Vault's transit engine (vault-api-notes section 7): enable the mount, create and read a key, sign and verify
/// (one input or batch_input). Signing has no side effect in Vault, so it is sent as idempotent: the client retries a
/// transient failure with backoff. Signatures are ASN.1 DER over SHA-256 (hash_algorithm sha2-256, marshaling asn1).
/// </summary>
public sealed class TransitApi
{
    private readonly IVaultClient _client;

    public TransitApi(IVaultClient client, string mount = "transit")
    {
        _client = client;
        Mount = mount.Trim('/');
    }

    public string Mount { get; }

    public string Address => _client.Settings.AddressText;

    /// <summary>Enables transit at the mount unless something is mounted there; true when it was enabled now.</summary>
    /// <exception cref="SigningException">VaultRunbook.Signing.MountNotTransit: another engine is mounted there.</exception>
    public async Task<bool> EnsureMountAsync(CancellationToken cancellationToken)
    {
        var mounts = await _client.SendAsync(VaultRequest.Get("sys/mounts"), cancellationToken).ConfigureAwait(false);
        if (mounts.Body is { ValueKind: JsonValueKind.Object } body)
        {
            var map = body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object ? data : body;
            if (map.TryGetProperty(Mount + "/", out var existing) && existing.ValueKind == JsonValueKind.Object)
            {
                var type = JsonFields.String(existing, "type");
                return type == "transit"
                    ? false
                    : throw new SigningException("VaultRunbook.Signing.MountNotTransit", ErrorKind.InvalidOperation, $"The mount '{Mount}/' at {Address} is a {type} engine, not transit; give another -Mount.", Mount);
            }
        }

        await _client.SendAsync(new VaultRequest { Method = "POST", Path = $"sys/mounts/{Mount}", Body = new JsonObject { ["type"] = "transit" } }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Creates the key unless it exists (an existing key of another type is left as it is).</summary>
    public async Task<(TransitKey Key, bool Created)> EnsureKeyAsync(string name, string type, CancellationToken cancellationToken)
    {
        if (await TryReadKeyAsync(name, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (existing, false);
        }

        // Older servers answer 204, newer ones 200 with the key: read it back either way.
        await _client.SendAsync(new VaultRequest { Method = "POST", Path = $"{Mount}/keys/{name}", Body = new JsonObject { ["type"] = type } }, cancellationToken).ConfigureAwait(false);
        return (await ReadKeyAsync(name, cancellationToken).ConfigureAwait(false), true);
    }

    /// <summary>GET keys/:name.</summary>
    /// <exception cref="SigningException">VaultRunbook.Signing.KeyNotFound.</exception>
    public async Task<TransitKey> ReadKeyAsync(string name, CancellationToken cancellationToken) =>
        await TryReadKeyAsync(name, cancellationToken).ConfigureAwait(false)
        ?? throw KeyNotFound(name, null);

    /// <summary>Signs one input; the answer is the signature and the key version that made it.</summary>
    /// <exception cref="SigningException">VaultRunbook.Signing.KeyNotFound: a 400 about the key (never retried).</exception>
    public async Task<(string Signature, int KeyVersion, int Attempts)> SignAsync(string name, SigningInput input, CancellationToken cancellationToken)
    {
        var body = Options(input);
        var response = await SendKeyRequestAsync(name, $"{Mount}/sign/{name}", body, cancellationToken).ConfigureAwait(false);
        var data = Data(response, "sign");
        var signature = JsonFields.String(data, "signature") ?? throw Malformed(response, "sign", "no signature");
        var version = (int)(JsonFields.Int64(data, "key_version") ?? VersionOf(signature));
        return (signature, version, response.Attempts);
    }

    /// <summary>Signs many inputs in one request (batch_input): the signatures and key versions in input order, and the attempts it took.</summary>
    /// <exception cref="SigningException">VaultRunbook.Signing.KeyNotFound; VaultRunbook.Signing.BatchItemFailed (Vault refused an item).</exception>
    public async Task<(IReadOnlyList<(string Signature, int KeyVersion)> Signatures, int Attempts)> SignBatchAsync(string name, IReadOnlyList<SigningInput> inputs, CancellationToken cancellationToken)
    {
        var prehashed = inputs.Any(i => i.Data is null);
        if (prehashed && inputs.Any(i => i.Data is not null))
        {
            throw new ArgumentException("A batch is either all data or all digests.", nameof(inputs));
        }

        var body = Options(inputs[0]);
        body.Remove("input");
        body["batch_input"] = new JsonArray(inputs.Select(i => (JsonNode)new JsonObject { ["input"] = Convert.ToBase64String(i.Data ?? i.Digest) }).ToArray());
        var response = await SendKeyRequestAsync(name, $"{Mount}/sign/{name}", body, cancellationToken).ConfigureAwait(false);
        var data = Data(response, "sign");
        if (!data.TryGetProperty("batch_results", out var results) || results.ValueKind != JsonValueKind.Array || results.GetArrayLength() != inputs.Count)
        {
            throw Malformed(response, "sign", $"no batch_results for the {inputs.Count} inputs");
        }

        var signatures = results.EnumerateArray()
            .Select(r => JsonFields.String(r, "signature") is { Length: > 0 } signature
                ? (signature, (int)(JsonFields.Int64(r, "key_version") ?? VersionOf(signature)))
                : throw new SigningException("VaultRunbook.Signing.BatchItemFailed", ErrorKind.InvalidResult, $"Vault did not sign an item of the batch: {JsonFields.String(r, "error") ?? "no signature"}.", name))
            .ToArray();
        return (signatures, response.Attempts);
    }

    /// <summary>
    /// Verifies through transit: true or false; a structurally broken signature (Vault's 400 "invalid signature",
    /// "version is too new") is false with Vault's reason.
    /// </summary>
    public async Task<(bool Valid, string? Problem)> VerifyAsync(string name, SigningInput input, string signature, CancellationToken cancellationToken)
    {
        var body = Options(input);
        body["signature"] = signature;
        try
        {
            var response = await SendKeyRequestAsync(name, $"{Mount}/verify/{name}", body, cancellationToken).ConfigureAwait(false);
            var data = Data(response, "verify");
            return (JsonFields.Bool(data, "valid") ?? throw Malformed(response, "verify", "no valid field"), null);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest)
        {
            return (false, string.Join("; ", ex.Errors));
        }
    }

    private static JsonObject Options(SigningInput input) => new()
    {
        ["input"] = Convert.ToBase64String(input.Data ?? input.Digest),
        ["hash_algorithm"] = "sha2-256",
        ["prehashed"] = input.Data is null,
        ["marshaling_algorithm"] = "asn1",
    };

    private async Task<VaultResponse> SendKeyRequestAsync(string name, string path, JsonObject body, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.SendAsync(new VaultRequest { Method = "POST", Path = path, Body = body, Idempotent = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && (ex.Mentions("key not found") || ex.Mentions("signing key not found")))
        {
            throw KeyNotFound(name, ex);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.BadRequest && ex.Mentions("does not support signing"))
        {
            throw new SigningException("VaultRunbook.Signing.KeyCannotSign", ErrorKind.InvalidArgument, $"The transit key '{name}' at {Address} cannot sign (it is a symmetric key); use an ecdsa-p256 key, as Initialize-VaultTransit creates.", name, ex);
        }
    }

    private async Task<TransitKey?> TryReadKeyAsync(string name, CancellationToken cancellationToken)
    {
        VaultResponse response;
        try
        {
            response = await _client.SendAsync(VaultRequest.Get($"{Mount}/keys/{name}"), cancellationToken).ConfigureAwait(false);
        }
        catch (VaultApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        var data = Data(response, "keys");
        var publicKeys = new Dictionary<int, string>();
        if (data.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Object)
        {
            foreach (var entry in keys.EnumerateObject())
            {
                if (int.TryParse(entry.Name, System.Globalization.CultureInfo.InvariantCulture, out var version) && entry.Value.ValueKind == JsonValueKind.Object
                    && JsonFields.String(entry.Value, "public_key") is { Length: > 0 } pem)
                {
                    publicKeys[version] = pem;
                }
            }
        }

        return new TransitKey
        {
            Address = response.Address,
            Mount = Mount,
            Name = JsonFields.String(data, "name") ?? name,
            Type = JsonFields.String(data, "type") ?? "unknown",
            LatestVersion = (int)(JsonFields.Int64(data, "latest_version") ?? 0),
            SupportsSigning = JsonFields.Bool(data, "supports_signing") ?? false,
            PublicKeys = publicKeys,
        };
    }

    private SigningException KeyNotFound(string name, Exception? inner) =>
        new("VaultRunbook.Signing.KeyNotFound", ErrorKind.ObjectNotFound, $"The transit key '{name}' does not exist at {Address}/v1/{Mount}/ (Vault answered 'key not found'); it was not retried and no fallback signature was made. Create it with Initialize-VaultTransit -KeyName {name}.", name, inner);

    private static JsonElement Data(VaultResponse response, string what) =>
        response.Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
            ? data
            : throw Malformed(response, what, "no data object");

    private static VaultInvalidResponseException Malformed(VaultResponse response, string what, string problem) =>
        new(response.Address, what, (int)response.StatusCode, problem);

    private static int VersionOf(string signature) =>
        SignatureText.TryParse(signature, out _) is { } parsed ? parsed.Version : 0;
}
