using System.Net;
using static VaultRunbook.Sandbox.Tests.Transit.TransitClient;

namespace VaultRunbook.Sandbox.Tests.Transit;

/// <summary>Sign and verify refuse bad requests with Vault's status and exact error text.</summary>
public sealed class TransitErrorTests
{
    [Theory]
    [InlineData("sign/nokey", "{\"input\":\"YQ==\"}", "signing key not found")]
    [InlineData("verify/nokey", "{\"input\":\"YQ==\",\"signature\":\"vault:v1:YQ==\"}", "signature verification key not found")]
    [InlineData("sign/aes", "{\"input\":\"YQ==\"}", "key type aes256-gcm96 does not support signing")]
    [InlineData("verify/aes", "{\"input\":\"YQ==\",\"signature\":\"vault:v1:YQ==\"}", "key type aes256-gcm96 does not support verification")]
    [InlineData("sign/ec", "{\"input\":\"not base64!\"}", "unable to decode input as base64: illegal base64 data at input byte 3")]
    [InlineData("sign/ec", "{\"input\":\"abc\"}", "unable to decode input as base64: illegal base64 data at input byte 0")]
    [InlineData("sign/ec", "{\"input\":\"YQ==\",\"hash_algorithm\":\"md5\"}", "invalid hash algorithm \"md5\"")]
    [InlineData("sign/ec/sha2-999", "{\"input\":\"YQ==\"}", "invalid hash algorithm \"sha2-999\"")]
    [InlineData("sign/ec", "{\"input\":\"YQ==\",\"marshaling_algorithm\":\"der\"}", "invalid marshaling type \"der\"")]
    [InlineData("sign/ec", "{\"input\":\"YQ==\",\"hash_algorithm\":\"none\"}", "hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15")]
    [InlineData("sign/ec", "{\"input\":\"YQ==\",\"salt_length\":\"big\"}", "salt length neither 'auto', 'hash', nor an int: big")]
    [InlineData("sign/ec", "{\"input\":\"YQ==\",\"salt_length\":\"-2\"}", "salt length is invalid: -2")]
    [InlineData("sign/rsa", "{\"input\":\"YQ==\",\"salt_length\":\"223\"}", "requested salt length 223 is invalid")]
    [InlineData("sign/ec", "{\"input\":\"YQ==\",\"key_version\":2}", "requested version for signing is higher than the latest key version")]
    [InlineData("sign/ec", "{\"input\":\"YQ==\",\"key_version\":-1}", "requested version for signing is negative")]
    [InlineData("sign/ec", "{\"input\":\"YQ==\",\"context\":\"%%\"}", "failed to base64-decode context")]
    [InlineData("verify/ec", "{\"input\":\"YQ==\",\"signature\":\"v1:YQ==\"}", "invalid signature: no prefix")]
    [InlineData("verify/ec", "{\"input\":\"YQ==\",\"signature\":\"vault:v1\"}", "invalid signature: wrong number of fields")]
    [InlineData("verify/ec", "{\"input\":\"YQ==\",\"signature\":\"vault:vX:YQ==\"}", "invalid signature: version number could not be decoded")]
    [InlineData("verify/ec", "{\"input\":\"YQ==\",\"signature\":\"vault:v2:YQ==\"}", "invalid signature: version is too new")]
    [InlineData("verify/ec", "{\"input\":\"YQ==\",\"signature\":\"vault:v0:YQ==\"}", "ciphertext or signature version is disallowed by policy (too old)")]
    [InlineData("verify/ec", "{\"input\":\"YQ==\",\"signature\":\"vault:v1:***\"}", "invalid base64 signature value")]
    [InlineData("verify/ec", "{\"input\":\"YQ==\",\"signature\":\"vault:v1:YQ==\"}", "supplied signature is invalid")]
    [InlineData("verify/ec", "{\"input\":\"abc\",\"signature\":\"vault:v1:YQ==\"}", "unable to decode input as base64: illegal base64 data at input byte 0")]
    public async Task Bad_requests_answer_400_with_vaults_text(string path, string body, string message)
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");
        await CreateKeyAsync(harness, "rsa", "rsa-2048");
        await CreateKeyAsync(harness, "aes", "aes256-gcm96");

        await AssertRefusedAsync(harness, path, body, message);
    }

    [Theory]
    [InlineData("sign/ec", "{\"input\":{\"a\":1}}", "error converting input object for field \"input\": expected string")]
    [InlineData("verify/ec", "{\"input\":\"YQ==\",\"signature\":[1]}", "error converting input array for field \"signature\": expected string")]
    [InlineData("sign/ec", "{\"input\":\"YQ==\",\"prehashed\":\"maybe\"}", "error converting input string for field \"prehashed\": expected bool")]
    public async Task A_field_of_the_wrong_type_is_refused_before_anything_else(string path, string body, string message)
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");

        await AssertRefusedAsync(harness, path, body, message);
    }

    [Fact]
    public async Task An_unknown_rsa_signature_algorithm_is_vaults_internal_error()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "rsa", "rsa-2048");

        ApiResponse response = await harness.RootAsync("POST", "/v1/transit/sign/rsa", new { input = B64("a"), signature_algorithm = "rsassa" });

        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Equal(["unsupported rsa signature algorithm rsassa"], response.Errors);
    }

    [Fact]
    public async Task Batch_input_that_is_not_a_list_of_string_maps_is_a_500_as_in_vault()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");

        ApiResponse notList = await harness.RootAsync("POST", "/v1/transit/sign/ec", "{\"batch_input\":{\"input\":\"YQ==\"}}");
        ApiResponse notString = await harness.RootAsync("POST", "/v1/transit/sign/ec", "{\"batch_input\":[{\"input\":1}]}");

        Assert.Equal(HttpStatusCode.InternalServerError, notList.Status);
        Assert.StartsWith("failed to parse batch input: ", notList.Errors[0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.InternalServerError, notString.Status);
    }
}
