using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VaultRunbook.FakeAws;

/// <summary>
/// A fake AWS KMS endpoint speaking JSON 1.1 (POST /, X-Amz-Target: TrentService.&lt;Operation&gt;) with the shapes of
/// botocore's kms/2014-11-01 model: DescribeKey, Encrypt, Decrypt. Every request's SigV4 signature is verified
/// (InvalidSignatureException on a bad or stale signature). Keys can be disabled, pending deletion or denied to the
/// caller; throttling can be injected (ThrottlingException).
/// </summary>
public sealed class FakeKms : IDisposable
{
    private const string ContentType = "application/x-amz-json-1.1";
    private readonly FakeHttpServer _server;
    private readonly SigV4Check _signature;
    private int _throttleNext;

    public FakeKms(Func<DateTimeOffset>? clock = null)
    {
        Clock = clock ?? (() => DateTimeOffset.UtcNow);
        _signature = new SigV4Check("kms", new Dictionary<string, string> { [FakeCredentials.AccessKeyId] = FakeCredentials.SecretAccessKey }, () => Clock());
        _server = new FakeHttpServer(Handle);
    }

    public Uri Endpoint => _server.Endpoint;

    public Func<DateTimeOffset> Clock { get; set; }

    public List<FakeKmsKey> Keys { get; } = new();

    public List<string> Operations { get; } = new();

    public int SignaturesVerified => _signature.Verified;

    public int SignaturesRejected => _signature.Rejected;

    public int Throttled { get; private set; }

    public void ThrottleNext(int count) => _throttleNext = count;

    public FakeKmsKey AddKey(string? alias = null)
    {
        var key = new FakeKmsKey { KeyId = Guid.NewGuid().ToString(), Alias = alias };
        Keys.Add(key);
        return key;
    }

    private FakeResponse Handle(FakeRequest request)
    {
        var requestId = Guid.NewGuid().ToString();
        var target = request.Header("X-Amz-Target") ?? string.Empty;
        var operation = target.StartsWith("TrentService.", StringComparison.Ordinal) ? target["TrentService.".Length..] : target;
        Operations.Add(operation);
        var failure = _signature.Verify(request);
        if (failure is not null)
        {
            return failure.Kind switch
            {
                SigV4FailureKind.Missing => Error("MissingAuthenticationTokenException", failure.Message, requestId),
                SigV4FailureKind.UnknownKey => Error("UnrecognizedClientException", failure.Message, requestId),
                _ => Error("InvalidSignatureException", failure.Message, requestId),
            };
        }

        if (_throttleNext > 0)
        {
            _throttleNext--;
            Throttled++;
            return Error("ThrottlingException", "Rate exceeded", requestId);
        }

        JsonObject input;
        try
        {
            input = JsonNode.Parse(request.Body.Length == 0 ? "{}"u8.ToArray() : request.Body) as JsonObject ?? new JsonObject();
        }
        catch (JsonException)
        {
            return Error("SerializationException", "Start of structure or map found where not expected.", requestId);
        }

        try
        {
            var output = operation switch
            {
                "DescribeKey" => DescribeKey(input),
                "Encrypt" => Encrypt(input),
                "Decrypt" => Decrypt(input),
                _ => throw new FakeFault(400, "UnknownOperationException", string.Empty),
            };
            return new FakeResponse(200, ContentType, output.ToJsonString(), requestId);
        }
        catch (FakeFault fault)
        {
            return Error(fault.Code, fault.Message, requestId);
        }
    }

    private JsonObject DescribeKey(JsonObject input)
    {
        var key = Find(Text(input, "KeyId"));
        Check(key, "DescribeKey", usable: false);
        var metadata = new JsonObject
        {
            ["AWSAccountId"] = "123456789012",
            ["KeyId"] = key.KeyId,
            ["Arn"] = key.Arn,
            ["CreationDate"] = key.CreationDate.ToUnixTimeMilliseconds() / 1000.0,
            ["Enabled"] = key.KeyState == "Enabled",
            ["Description"] = "Vault auto-unseal",
            ["KeyUsage"] = "ENCRYPT_DECRYPT",
            ["KeyState"] = key.KeyState,
            ["Origin"] = "AWS_KMS",
            ["KeyManager"] = "CUSTOMER",
            ["CustomerMasterKeySpec"] = "SYMMETRIC_DEFAULT",
            ["KeySpec"] = "SYMMETRIC_DEFAULT",
            ["EncryptionAlgorithms"] = new JsonArray("SYMMETRIC_DEFAULT"),
            ["MultiRegion"] = false,
        };
        if (key.DeletionDate is { } deletion)
        {
            metadata["DeletionDate"] = deletion.ToUnixTimeMilliseconds() / 1000.0;
            metadata["PendingDeletionWindowInDays"] = 7;
        }

        return new JsonObject { ["KeyMetadata"] = metadata };
    }

    private JsonObject Encrypt(JsonObject input)
    {
        var key = Find(Text(input, "KeyId"));
        Check(key, "Encrypt", usable: true);
        var plaintext = Convert.FromBase64String(Text(input, "Plaintext"));
        if (plaintext.Length is 0 or > 4096)
        {
            throw new FakeFault(400, "ValidationException", "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096");
        }

        var id = Encoding.ASCII.GetBytes(key.KeyId);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var aes = new AesGcm(key.Material, 16))
        {
            aes.Encrypt(nonce, plaintext, cipher, tag, id);
        }

        var blob = new byte[1 + id.Length + nonce.Length + tag.Length + cipher.Length];
        blob[0] = (byte)id.Length;
        id.CopyTo(blob, 1);
        nonce.CopyTo(blob, 1 + id.Length);
        tag.CopyTo(blob, 1 + id.Length + nonce.Length);
        cipher.CopyTo(blob, 1 + id.Length + nonce.Length + tag.Length);
        return new JsonObject
        {
            ["CiphertextBlob"] = Convert.ToBase64String(blob),
            ["KeyId"] = key.Arn,
            ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
        };
    }

    private JsonObject Decrypt(JsonObject input)
    {
        var blob = Convert.FromBase64String(Text(input, "CiphertextBlob"));
        if (blob.Length < 1 + 12 + 16 || blob.Length < 1 + blob[0] + 12 + 16)
        {
            throw new FakeFault(400, "InvalidCiphertextException", string.Empty);
        }

        var idLength = blob[0];
        var id = blob.AsSpan(1, idLength).ToArray();
        var key = Keys.FirstOrDefault(k => k.KeyId == Encoding.ASCII.GetString(id)) ?? throw new FakeFault(400, "InvalidCiphertextException", string.Empty);
        if (input["KeyId"] is not null && Find(Text(input, "KeyId")) != key)
        {
            throw new FakeFault(400, "IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
        }

        Check(key, "Decrypt", usable: true);
        var nonce = blob.AsSpan(1 + idLength, 12);
        var tag = blob.AsSpan(1 + idLength + 12, 16);
        var cipher = blob.AsSpan(1 + idLength + 28);
        var plaintext = new byte[cipher.Length];
        try
        {
            using var aes = new AesGcm(key.Material, 16);
            aes.Decrypt(nonce, cipher, tag, plaintext, id);
        }
        catch (CryptographicException)
        {
            throw new FakeFault(400, "InvalidCiphertextException", string.Empty);
        }

        return new JsonObject
        {
            ["KeyId"] = key.Arn,
            ["Plaintext"] = Convert.ToBase64String(plaintext),
            ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
        };
    }

    private static void Check(FakeKmsKey key, string operation, bool usable)
    {
        if (key.DeniedOperations.Contains(operation))
        {
            throw new FakeFault(400, "AccessDeniedException", $"User: arn:aws:sts::123456789012:assumed-role/vault-server/i-0abc is not authorized to perform: kms:{operation} on resource: {key.Arn} because no identity-based policy allows the kms:{operation} action");
        }

        if (!usable)
        {
            return;
        }

        switch (key.KeyState)
        {
            case "Disabled":
                throw new FakeFault(400, "DisabledException", $"{key.Arn} is disabled.");
            case "Enabled":
                return;
            default:
                throw new FakeFault(400, "KMSInvalidStateException", $"{key.Arn} is pending deletion.");
        }
    }

    private FakeKmsKey Find(string keyId)
    {
        var id = keyId.StartsWith("arn:", StringComparison.Ordinal) && keyId.Split(':', 6) is { Length: 6 } arn ? arn[5] : keyId;
        id = id.StartsWith("key/", StringComparison.Ordinal) ? id[4..] : id;
        return Keys.FirstOrDefault(k => k.KeyId == id || (k.Alias is not null && k.Alias == id))
            ?? throw new FakeFault(400, "NotFoundException", $"Key '{keyId}' does not exist");
    }

    private static string Text(JsonObject input, string name) =>
        input[name]?.GetValue<string>() ?? throw new FakeFault(400, "ValidationException", $"1 validation error detected: Value null at '{char.ToLowerInvariant(name[0])}{name[1..]}' failed to satisfy constraint: Member must not be null");

    private static FakeResponse Error(string type, string message, string requestId) =>
        new(400, ContentType, new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString(), requestId);

    public void Dispose() => _server.Dispose();
}
