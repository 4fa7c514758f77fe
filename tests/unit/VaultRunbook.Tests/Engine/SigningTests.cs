using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Signing;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>
/// Issue 11's Engine: transit signing with retries, the local fallback key, verification of both forms, the key
/// file's format and permissions. Backoff delays are read from a recording clock, never timed.
/// </summary>
public sealed class SigningTests : IDisposable
{
    private readonly string _work = Path.Combine(Path.GetTempPath(), "vr-signing-" + Guid.NewGuid().ToString("N"));

    public SigningTests() => Directory.CreateDirectory(_work);

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string KeyFile => Path.Combine(_work, "vault-fallback.json");

    private static VaultHttpClient Client(string address, RecordingClock clock) => new(new VaultConnectionSettings
    {
        Address = new Uri(address),
        Token = new SensitiveString("hvs.signing-test-token"),
        RetryDelay = TimeSpan.FromMilliseconds(200),
        RetryClock = clock,
        RetryJitter = () => 0.5,
        Timeout = TimeSpan.FromSeconds(5),
    });

    private static Func<CancellationToken, Task<bool>> Allowed(bool allowed, Action? asked = null) => _ =>
    {
        asked?.Invoke();
        return Task.FromResult(allowed);
    };

    private Func<FallbackSigningKey> Opener(Action? opened = null) => () =>
    {
        opened?.Invoke();
        return new FallbackKeyStore().Open(KeyFile);
    };

    private SignatureVerifier Verifier(TransitApi? transit = null, Func<string, int, string?>? publicKey = null) =>
        new(transit, publicKey ?? ((_, _) => null), () =>
        {
            using var key = new FallbackKeyStore().Open(KeyFile);
            return key.PublicKeys;
        });

    [Fact]
    public async Task A_refused_connection_gets_exactly_3_attempts_with_growing_delays_then_a_fallback_signature_that_verifies()
    {
        new FallbackKeyStore().Create(KeyFile, force: false);
        var clock = new RecordingClock();
        using var client = Client($"http://127.0.0.1:{FixturePeer.FreePort()}", clock);
        var input = SigningInput.FromData(Encoding.UTF8.GetBytes("release 1.2.3"));

        var record = await new SigningService(new TransitApi(client)).SignAsync("release", input, Allowed(true), Opener(), CancellationToken.None);

        Assert.Equal(SigningMode.Fallback, record.SigningMode);
        Assert.Equal(3, record.Attempts);
        var delays = clock.Delays.ToArray();
        Assert.Equal(2, delays.Length); // between attempts 1-2 and 2-3, none after the last
        Assert.True(delays[1] > delays[0], $"the backoff should grow: {string.Join(", ", delays)}");
        Assert.StartsWith("fallback:v1:", record.Signature);
        Assert.Contains("connection refused", record.FallbackReason);
        var check = await Verifier().VerifyAsync(record.Signature, "release", input, CancellationToken.None);
        Assert.True(check.Valid, check.Reason);
        Assert.Equal(VerificationMethod.FallbackKey, check.Method);
    }

    [Fact]
    public async Task Without_fallback_an_outage_is_VaultUnavailable_after_the_retries()
    {
        var clock = new RecordingClock();
        using var client = Client($"http://127.0.0.1:{FixturePeer.FreePort()}", clock);
        var opened = false;

        var ex = await Assert.ThrowsAsync<SigningException>(() => new SigningService(new TransitApi(client)).SignAsync(
            "release", SigningInput.FromData([1, 2, 3]), Allowed(false), Opener(() => opened = true), CancellationToken.None));

        Assert.Equal("VaultRunbook.Signing.VaultUnavailable", ex.ErrorId);
        Assert.Equal(3, ex.Attempts);
        Assert.Contains("-AllowFallback", ex.Message);
        Assert.False(opened);
    }

    [Fact]
    public async Task An_unknown_key_400_is_not_retried_and_never_falls_back()
    {
        new FallbackKeyStore().Create(KeyFile, force: false);
        using var peer = new FixturePeer(_ => new PeerAnswer(400, """{"errors":["signing key not found"]}"""));
        var clock = new RecordingClock();
        using var client = Client(peer.Address, clock);
        var asked = false;
        var opened = false;

        var ex = await Assert.ThrowsAsync<SigningException>(() => new SigningService(new TransitApi(client)).SignAsync(
            "nope", SigningInput.FromData([1]), Allowed(true, () => asked = true), Opener(() => opened = true), CancellationToken.None));

        Assert.Equal("VaultRunbook.Signing.KeyNotFound", ex.ErrorId);
        Assert.Single(peer.Requests);
        Assert.Empty(clock.Delays);
        Assert.False(asked);
        Assert.False(opened);
        Assert.Equal("/v1/transit/sign/nope", peer.Requests.Single().AbsolutePath);
    }

    [Fact]
    public async Task When_Vault_answers_again_the_mode_returns_to_Vault()
    {
        new FallbackKeyStore().Create(KeyFile, force: false);
        using var transitKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var sealedNow = true;
        using var peer = new FixturePeer(request => sealedNow
            ? new PeerAnswer(503, """{"errors":["Vault is sealed"]}""")
            : new PeerAnswer(200, SignAnswer(transitKey, request.Body)));
        var clock = new RecordingClock();
        using var client = Client(peer.Address, clock);
        var service = new SigningService(new TransitApi(client));
        var input = SigningInput.FromData(Encoding.UTF8.GetBytes("config v7"));

        var during = await service.SignAsync("release", input, Allowed(true), Opener(), CancellationToken.None);
        sealedNow = false;
        var after = await service.SignAsync("release", input, Allowed(true), Opener(), CancellationToken.None);

        Assert.Equal(SigningMode.Fallback, during.SigningMode);
        Assert.Equal(3, during.Attempts);
        Assert.Equal(SigningMode.Vault, after.SigningMode);
        Assert.Equal(1, after.Attempts);
        Assert.StartsWith("vault:v1:", after.Signature);
        var body = JsonNode.Parse(peer.Requests.Last().Body)!;
        Assert.Equal(Convert.ToBase64String(input.Data!), (string?)body["input"]);
        Assert.Equal("sha2-256", (string?)body["hash_algorithm"]);
        var local = await Verifier(publicKey: (_, _) => transitKey.ExportSubjectPublicKeyInfoPem()).VerifyAsync(after.Signature, "release", input, CancellationToken.None);
        Assert.True(local.Valid, local.Reason);
        Assert.Equal(VerificationMethod.TransitPublicKey, local.Method);
    }

    [Fact]
    public async Task After_a_rotation_old_fallback_signatures_still_verify_and_new_ones_carry_the_new_version()
    {
        var store = new FallbackKeyStore();
        store.Create(KeyFile, force: false);
        var input = SigningInput.FromData(Encoding.UTF8.GetBytes("payload"));
        string old;
        using (var key = store.Open(KeyFile))
        {
            old = key.Sign(input.Digest);
        }

        var rotated = store.Rotate(KeyFile);
        string current;
        using (var key = store.Open(KeyFile))
        {
            current = key.Sign(input.Digest);
        }

        Assert.Equal(2, rotated.Version);
        Assert.Equal([1], rotated.PreviousVersions);
        Assert.StartsWith("fallback:v1:", old);
        Assert.StartsWith("fallback:v2:", current);
        Assert.True((await Verifier().VerifyAsync(old, null, input, CancellationToken.None)).Valid);
        Assert.True((await Verifier().VerifyAsync(current, null, input, CancellationToken.None)).Valid);
    }

    [Fact]
    public async Task A_tampered_input_gives_Valid_false_with_a_reason_not_an_exception()
    {
        new FallbackKeyStore().Create(KeyFile, force: false);
        string signature;
        using (var key = new FallbackKeyStore().Open(KeyFile))
        {
            signature = key.Sign(SigningInput.FromData(Encoding.UTF8.GetBytes("amount=10")).Digest);
        }

        var result = await Verifier().VerifyAsync(signature, null, SigningInput.FromData(Encoding.UTF8.GetBytes("amount=1000")), CancellationToken.None);
        var garbage = await Verifier().VerifyAsync("vault:v1:not base64!", "k", SigningInput.FromData([1]), CancellationToken.None);
        var unknownVersion = await Verifier().VerifyAsync(signature.Replace("fallback:v1:", "fallback:v9:", StringComparison.Ordinal), null, SigningInput.FromData([1]), CancellationToken.None);

        Assert.False(result.Valid);
        Assert.Contains("does not match", result.Reason);
        Assert.False(garbage.Valid);
        Assert.Contains("base64", garbage.Reason);
        Assert.False(unknownVersion.Valid);
        Assert.Contains("version 9", unknownVersion.Reason);
    }

    [Fact]
    public void The_key_file_is_owner_only_holds_the_documented_fields_and_is_not_overwritten_without_force()
    {
        var store = new FallbackKeyStore();
        var first = store.Create(KeyFile, force: false);
        var before = File.ReadAllText(KeyFile);

        var ex = Assert.Throws<SigningException>(() => store.Create(KeyFile, force: false));
        var replaced = store.Create(KeyFile, force: true);

        Assert.Equal("VaultRunbook.Signing.FallbackKeyExists", ex.ErrorId);
        Assert.NotEqual(first.KeyId, replaced.KeyId);
        var json = JsonNode.Parse(before)!.AsObject();
        Assert.Equal(["format", "algorithm", "key_id", "version", "created_at", "private_key", "public_key", "previous"], json.Select(p => p.Key).ToArray());
        Assert.Equal("vaultrunbook.fallback-signing-key/1", (string?)json["format"]);
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----", (string?)json["private_key"]);
        Assert.DoesNotContain("PRIVATE", first.ToString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyFile));
        }
    }

    [Fact]
    public void The_key_file_holds_the_PEM_text_as_it_is_without_JSON_escapes()
    {
        // Base64 has '+', which System.Text.Json's default encoder writes as \u002B. Make keys until one has a '+'
        // (almost every P-256 PKCS#8 PEM does), then look for the PEM's own lines in the file's text.
        var store = new FallbackKeyStore();
        string pem = string.Empty;
        for (var i = 0; i < 20 && !pem.Contains('+', StringComparison.Ordinal); i++)
        {
            store.Create(KeyFile, force: true);
            pem = (string)JsonNode.Parse(File.ReadAllText(KeyFile))!["private_key"]!;
        }

        Assert.Contains('+', pem);
        var text = File.ReadAllText(KeyFile);
        Assert.DoesNotContain("\\u002B", text);
        Assert.All(pem.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Contains(line, text));
    }

    [Fact]
    public void A_key_file_others_can_read_gives_a_warning_on_use()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        new FallbackKeyStore().Create(KeyFile, force: false);
        using (var quiet = new FallbackKeyStore().Open(KeyFile))
        {
            Assert.Empty(quiet.Warnings);
        }

        File.SetUnixFileMode(KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var key = new FallbackKeyStore().Open(KeyFile);

        var warning = Assert.Single(key.Warnings);
        Assert.Contains("can be read by other users", warning);
        Assert.DoesNotContain("BEGIN", warning);
    }

    [Fact]
    public void A_broken_key_file_is_a_clear_error_that_does_not_quote_the_file()
    {
        File.WriteAllText(KeyFile, "{ \"private_key\": \"-----BEGIN PRIVATE KEY-----MIGHAgEAMBMG");

        var ex = Assert.Throws<SigningException>(() => new FallbackKeyStore().Open(KeyFile));

        Assert.Equal("VaultRunbook.Signing.FallbackKeyInvalid", ex.ErrorId);
        Assert.DoesNotContain("MIGHAgEA", ex.Message);
    }

    [Fact]
    public void A_fallback_signature_verifies_with_openssl_against_the_exported_public_key()
    {
        var info = new FallbackKeyStore().Create(KeyFile, force: false);
        var input = Encoding.UTF8.GetBytes("openssl judges this");
        using var key = new FallbackKeyStore().Open(KeyFile);
        var signature = SignatureText.TryParse(key.Sign(SigningInput.FromData(input).Digest), out _)!;

        var (ok, okText) = OpenSsl.VerifySha256(Path.Combine(_work, "openssl"), info.PublicKey, signature.Der, input);
        var (tampered, tamperedText) = OpenSsl.VerifySha256(Path.Combine(_work, "openssl"), info.PublicKey, signature.Der, [.. input, (byte)'!']);

        Assert.True(ok == 0, okText);
        Assert.Contains("Verified OK", okText);
        Assert.NotEqual(0, tampered);
        Assert.Contains("Verification failure", tamperedText);
    }

    [Fact]
    public async Task The_transit_fixtures_parse_the_signature_and_the_public_key()
    {
        using var peer = new FixturePeer(request => request.AbsolutePath.Contains("/sign/", StringComparison.Ordinal)
            ? new PeerAnswer(200, RepoPaths.Fixture("transit.sign.ecdsa-p256.200.json"))
            : new PeerAnswer(200, RepoPaths.Fixture("transit.keys.read.ecdsa-p256.200.json")));
        using var client = Client(peer.Address, new RecordingClock());
        var transit = new TransitApi(client);

        var (signature, version, attempts) = await transit.SignAsync("x509-CA-A", SigningInput.FromData([1]), CancellationToken.None);
        var key = await transit.ReadKeyAsync("x509-CA-A", CancellationToken.None);

        Assert.StartsWith("vault:v1:MEQCIHw3", signature);
        Assert.Equal(1, version);
        Assert.Equal(1, attempts);
        Assert.Equal("ecdsa-p256", key.Type);
        Assert.True(key.SupportsSigning);
        Assert.StartsWith("-----BEGIN PUBLIC KEY-----", key.PublicKeys[1]);
        using var ecdsa = ECDsa.Create();
        ecdsa.ImportFromPem(key.PublicKeys[1]);
        Assert.Equal(256, ecdsa.KeySize);
    }

    // The test's own stand-in for transit's sign: ECDSA P-256 over SHA-256 of the decoded input, DER, vault:v1:.
    private static string SignAnswer(ECDsa key, string requestBody)
    {
        var input = Convert.FromBase64String((string)JsonNode.Parse(requestBody)!["input"]!);
        var der = key.SignData(input, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return new JsonObject { ["data"] = new JsonObject { ["signature"] = "vault:v1:" + Convert.ToBase64String(der), ["key_version"] = 1 } }.ToJsonString();
    }
}
