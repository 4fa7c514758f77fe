using System.Net;
using System.Text.Json;
using static VaultRunbook.Sandbox.Tests.Transit.TransitClient;

namespace VaultRunbook.Sandbox.Tests.Transit;

/// <summary>verify/:name, rotation across versions, and batch_input for sign and verify.</summary>
public sealed class TransitVerifyTests
{
    [Theory]
    [InlineData("ecdsa-p256")]
    [InlineData("ed25519")]
    [InlineData("rsa-2048")]
    public async Task A_signature_verifies_and_a_tampered_input_or_signature_is_valid_false_not_an_error(string type)
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "k", type);
        string signature = (await SignAsync(harness, "k", new { input = B64("payload") })).GetProperty("signature").GetString()!;
        byte[] bytes = SignatureBytes(signature);
        bytes[^1] ^= 0x01;
        string flipped = "vault:v1:" + Convert.ToBase64String(bytes);

        Assert.True(await VerifyAsync(harness, "k", new { input = B64("payload"), signature }));
        Assert.False(await VerifyAsync(harness, "k", new { input = B64("payl0ad"), signature }));
        if (type != "ecdsa-p256")
        {
            // A flipped last byte of an ECDSA DER signature may break its structure (a 400); the others stay well-formed.
            Assert.False(await VerifyAsync(harness, "k", new { input = B64("payload"), signature = flipped }));
        }
    }

    [Fact]
    public async Task The_verify_body_matches_vaults()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "my-key", "ecdsa-p256");
        string signature = (await SignAsync(harness, "my-key/sha2-512", new { input = B64("x") })).GetProperty("signature").GetString()!;

        ApiResponse verified = await harness.RootAsync("POST", "/v1/transit/verify/my-key/sha2-512", new { input = B64("x"), signature });

        Fixtures.AssertCovers(Fixtures.Load("transit.verify.200.json").GetProperty("data"), verified.Json.GetProperty("data"), "transit.verify.200.json");
        Assert.True(verified.Json.GetProperty("data").GetProperty("valid").GetBoolean());
        Assert.False(await VerifyAsync(harness, "my-key/sha2-256", new { input = B64("x"), signature }));
    }

    [Fact]
    public async Task The_sign_body_matches_vaults()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "x509-CA-A", "ecdsa-p256");

        ApiResponse signed = await harness.RootAsync("POST", "/v1/transit/sign/x509-CA-A", new { input = B64("csr") });

        JsonElement fixture = Fixtures.Load("transit.sign.ecdsa-p256.200.json");
        Fixtures.AssertCovers(fixture, signed.Json, "transit.sign.ecdsa-p256.200.json");
        Fixtures.AssertCovers(fixture.GetProperty("data"), signed.Json.GetProperty("data"), "transit.sign.ecdsa-p256.200.json data");
        Assert.Equal(["key_version", "signature"], signed.Json.GetProperty("data").EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Matches("^vault:v1:[A-Za-z0-9+/]+=*$", signed.Json.GetProperty("data").GetProperty("signature").GetString());
    }

    [Fact]
    public async Task After_rotate_v2_signs_and_v1_signatures_still_verify()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "k", "ecdsa-p256");
        string v1 = (await SignAsync(harness, "k", new { input = B64("a") })).GetProperty("signature").GetString()!;
        await harness.RootAsync("POST", "/v1/transit/keys/k/rotate", "");

        JsonElement signed = await SignAsync(harness, "k", new { input = B64("a") });
        JsonElement pinned = await SignAsync(harness, "k", new { input = B64("a"), key_version = 1 });

        Assert.Equal(2, signed.GetProperty("key_version").GetInt32());
        string v2 = signed.GetProperty("signature").GetString()!;
        Assert.StartsWith("vault:v2:", v2, StringComparison.Ordinal);
        Assert.StartsWith("vault:v1:", pinned.GetProperty("signature").GetString(), StringComparison.Ordinal);
        Assert.True(await VerifyAsync(harness, "k", new { input = B64("a"), signature = v1 }));
        Assert.True(await VerifyAsync(harness, "k", new { input = B64("a"), signature = v2 }));

        // A v2 signature relabelled v1 is checked against the v1 key: well-formed, so valid:false.
        Assert.False(await VerifyAsync(harness, "k", new { input = B64("a"), signature = "vault:v1:" + v2["vault:v2:".Length..] }));
        using var openssl = new OpenSsl();
        openssl.AssertDgstVerifies(await PublicKeyAsync(harness, "k", 2), SignatureBytes(v2), "a"u8.ToArray(), "sha256");
        openssl.AssertDgstRejects(await PublicKeyAsync(harness, "k", 1), SignatureBytes(v2), "a"u8.ToArray(), "sha256");
    }

    [Fact]
    public async Task Batch_sign_answers_one_result_per_item_in_order_with_errors_inline()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "k", "ed25519");

        JsonElement data = await SignAsync(harness, "k", new
        {
            batch_input = new object[]
            {
                new { input = B64("one"), reference = "r1" },
                new { input = "not base64!" },
                new { reference = "r3" },
                new { input = B64("four") },
            },
        });

        JsonElement[] results = [.. data.GetProperty("batch_results").EnumerateArray()];
        Assert.Equal(4, results.Length);
        Assert.Equal("r1", results[0].GetProperty("reference").GetString());
        Assert.Equal(1, results[0].GetProperty("key_version").GetInt32());
        Assert.False(results[0].TryGetProperty("error", out _));
        Assert.Equal("unable to decode input as base64: illegal base64 data at input byte 3", results[1].GetProperty("error").GetString());
        Assert.False(results[1].TryGetProperty("signature", out _));
        Assert.Equal("", results[1].GetProperty("reference").GetString());
        Assert.Equal("missing input", results[2].GetProperty("error").GetString());
        Assert.Equal("r3", results[2].GetProperty("reference").GetString());

        JsonElement verified = (await harness.RootAsync("POST", "/v1/transit/verify/k", new
        {
            batch_input = new object[]
            {
                new { input = B64("one"), signature = results[0].GetProperty("signature").GetString(), reference = "a" },
                new { input = B64("four"), signature = results[3].GetProperty("signature").GetString() },
                new { input = B64("one"), signature = results[3].GetProperty("signature").GetString() },
                new { input = B64("one"), signature = "v1:abc" },
            },
        })).Json.GetProperty("data");
        JsonElement[] checks = [.. verified.GetProperty("batch_results").EnumerateArray()];
        Assert.Equal([true, true, false, false], checks.Select(c => c.GetProperty("valid").GetBoolean()).ToArray());
        Assert.Equal("a", checks[0].GetProperty("reference").GetString());
        Assert.Equal("invalid signature: no prefix", checks[3].GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("{\"batch_input\":[]}", "missing batch input to process")]
    [InlineData("{\"batch_input\":[{\"input\":\"YQ==\",\"signature\":\"vault:v1:x\"},{\"input\":\"YQ==\"}]}", "some elements of batch_input are missing 'signature'")]
    [InlineData("{\"batch_input\":[{\"input\":\"YQ==\"}]}", "no batch_input elements have 'signature' or 'hmac'")]
    [InlineData("{\"input\":\"YQ==\"}", "neither a 'signature' nor an 'hmac' were given to verify")]
    public async Task Verify_checks_the_shape_of_the_request_first(string body, string message)
    {
        using SandboxHarness harness = await StartWithTransitAsync();

        // Before the key lookup: the key does not even exist.
        ApiResponse response = await harness.RootAsync("POST", "/v1/transit/verify/nokey", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal([message], response.Errors);
    }
}
