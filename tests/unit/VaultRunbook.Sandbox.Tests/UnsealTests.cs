using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>sys/unseal, vault-api-notes §2.2, step by step.</summary>
public sealed class UnsealTests
{
    [Fact]
    public async Task Progress_and_nonce_until_the_threshold_then_unsealed()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        string[] keys = harness.Keys;

        JsonElement first = (await harness.UnsealAsync(keys[0])).Json;
        Assert.True(first.GetProperty("sealed").GetBoolean());
        Assert.Equal(1, first.GetProperty("progress").GetInt32());
        string nonce = first.GetProperty("nonce").GetString()!;
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", nonce);

        JsonElement second = (await harness.UnsealAsync(keys[3])).Json;
        Assert.Equal(2, second.GetProperty("progress").GetInt32());
        Assert.Equal(nonce, second.GetProperty("nonce").GetString());

        ApiResponse third = await harness.UnsealAsync(keys[4]);
        Assert.Equal(HttpStatusCode.OK, third.Status);
        Assert.False(third.Json.GetProperty("sealed").GetBoolean());
        Assert.Equal(0, third.Json.GetProperty("progress").GetInt32());
        Assert.Equal(string.Empty, third.Json.GetProperty("nonce").GetString());
        Assert.True(third.Json.TryGetProperty("cluster_name", out _));
        Assert.False(harness.Sandbox.IsSealed);
    }

    [Fact]
    public async Task Reset_clears_progress_and_nonce_and_is_checked_before_the_key()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        string[] keys = harness.Keys;
        await harness.UnsealAsync(keys[0]);
        await harness.UnsealAsync(keys[1]);

        ApiResponse reset = await harness.CallAsync("PUT", "/v1/sys/unseal", JsonSerializer.Serialize(new { key = keys[2], reset = true }));

        Assert.Equal(HttpStatusCode.OK, reset.Status);
        Assert.True(reset.Json.GetProperty("sealed").GetBoolean());
        Assert.Equal(0, reset.Json.GetProperty("progress").GetInt32());
        Assert.Equal(string.Empty, reset.Json.GetProperty("nonce").GetString());

        // The two earlier shares are gone: two more are not enough.
        await harness.UnsealAsync(keys[0]);
        Assert.Equal(2, (await harness.UnsealAsync(keys[1])).Json.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task Reset_while_unsealed_is_400()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse response = await harness.CallAsync("POST", "/v1/sys/unseal", "{\"Reset\":true}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["vault is unsealed"], response.Errors);
    }

    [Fact]
    public async Task A_duplicate_share_is_ignored()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        string key = harness.Keys[0];
        string nonce = (await harness.UnsealAsync(key)).Json.GetProperty("nonce").GetString()!;

        // Same share again, even in another encoding: byte-identical, so ignored.
        ApiResponse again = await harness.UnsealAsync(Convert.ToHexString(Convert.FromBase64String(key)));

        Assert.Equal(HttpStatusCode.OK, again.Status);
        Assert.Equal(1, again.Json.GetProperty("progress").GetInt32());
        Assert.Equal(nonce, again.Json.GetProperty("nonce").GetString());
    }

    [Fact]
    public async Task A_wrong_share_set_is_500_and_the_attempt_is_cleared()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        using SandboxHarness other = SandboxHarness.Start();
        string[] keys = harness.Keys;
        string foreign = other.Keys.First(k => Convert.FromBase64String(k)[^1] != Convert.FromBase64String(keys[0])[^1]
                                             && Convert.FromBase64String(k)[^1] != Convert.FromBase64String(keys[1])[^1]);

        await harness.UnsealAsync(keys[0]);
        await harness.UnsealAsync(keys[1]);
        ApiResponse failed = await harness.UnsealAsync(foreign);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        string error = Assert.Single(failed.Errors);
        Assert.Contains("unable to retrieve stored keys", error);
        Assert.Contains("cipher: message authentication failed", error);
        Assert.DoesNotContain(foreign, failed.Raw);

        JsonElement status = (await harness.CallAsync("GET", "/v1/sys/seal-status")).Json;
        Assert.True(status.GetProperty("sealed").GetBoolean());
        Assert.Equal(0, status.GetProperty("progress").GetInt32());
        Assert.Equal(string.Empty, status.GetProperty("nonce").GetString());

        // A fresh attempt with good shares still works.
        await harness.UnsealWithAsync(keys[0], keys[1], keys[2]);
    }

    [Fact]
    public async Task Hex_and_base64_shares_both_work()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        string[] keys = harness.Keys;
        await harness.UnsealWithAsync(
            Convert.ToHexString(Convert.FromBase64String(keys[0])).ToLowerInvariant(),
            keys[1],
            Convert.ToHexString(Convert.FromBase64String(keys[2])));
    }

    [Fact]
    public async Task Too_short_and_too_long_keys_are_400_and_leave_progress_alone()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        await harness.UnsealAsync(harness.Keys[0]);

        ApiResponse tooShort = await harness.UnsealAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)));
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.Status);
        Assert.Equal(["invalid key: key is shorter than minimum 16 bytes"], tooShort.Errors);

        ApiResponse tooLong = await harness.UnsealAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(34)));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.Status);
        Assert.Equal(["invalid key: key is longer than maximum 33 bytes"], tooLong.Errors);

        // 34 bytes as hex is outside [16,33], so it is read as base64 (51 bytes): still too long.
        ApiResponse longHex = await harness.UnsealAsync(Convert.ToHexString(RandomNumberGenerator.GetBytes(34)));
        Assert.Equal(["invalid key: key is longer than maximum 33 bytes"], longHex.Errors);

        Assert.Equal(1, (await harness.CallAsync("GET", "/v1/sys/seal-status")).Json.GetProperty("progress").GetInt32());
    }

    [Theory]
    [InlineData("{\"key\":\"not a key!\"}", "'key' must be a valid hex or base64 string")]
    [InlineData("{}", "'key' must be specified in request body as JSON, or 'reset' set to true")]
    [InlineData("{\"key\":\"\"}", "'key' must be specified in request body as JSON, or 'reset' set to true")]
    [InlineData("{\"key\":null,\"reset\":false}", "'key' must be specified in request body as JSON, or 'reset' set to true")]
    public async Task Malformed_requests_are_400(string body, string message)
    {
        using SandboxHarness harness = SandboxHarness.Start();
        ApiResponse response = await harness.CallAsync("PUT", "/v1/sys/unseal", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal([message], response.Errors);
    }

    [Theory]
    [InlineData("{\"key\":5}", "cannot unmarshal number")]
    [InlineData("{\"reset\":\"yes\"}", "cannot unmarshal string")]
    [InlineData("{not json", "failed to parse JSON input")]
    [InlineData("[1]", "cannot unmarshal array")]
    public async Task Bodies_Go_cannot_decode_are_400(string body, string fragment)
    {
        using SandboxHarness harness = SandboxHarness.Start();
        ApiResponse response = await harness.CallAsync("PUT", "/v1/sys/unseal", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains(fragment, Assert.Single(response.Errors));
    }

    [Fact]
    public async Task Field_names_match_case_insensitively()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        string[] keys = harness.Keys;
        Assert.Equal(1, (await harness.CallAsync("PUT", "/v1/sys/unseal", JsonSerializer.Serialize(new { Key = keys[0] }))).Json.GetProperty("progress").GetInt32());
        Assert.Equal(2, (await harness.CallAsync("POST", "/v1/sys/unseal", JsonSerializer.Serialize(new { KEY = keys[1] }))).Json.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task Shares_of_unequal_length_are_400_at_the_threshold()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        string[] keys = harness.Keys;
        await harness.UnsealAsync(keys[0]);
        await harness.UnsealAsync(keys[1]);

        ApiResponse response = await harness.UnsealAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["invalid key: failed to compute combined key: all parts must be the same length"], response.Errors);
        Assert.Equal(0, (await harness.CallAsync("GET", "/v1/sys/seal-status")).Json.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task Not_initialised_is_400()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Initialize = false });
        ApiResponse response = await harness.UnsealAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(33)));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["Vault is not initialized"], response.Errors);
    }

    [Fact]
    public async Task Already_unsealed_answers_200_with_the_status()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse response = await harness.UnsealAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(33)));
        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.False(response.Json.GetProperty("sealed").GetBoolean());
        Assert.False(harness.Sandbox.IsSealed);
    }

    [Fact]
    public async Task One_of_one_uses_the_raw_32_byte_key()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Shares = 1, Threshold = 1 });
        string key = Assert.Single(harness.Keys);
        Assert.Equal(32, Convert.FromBase64String(key).Length);

        ApiResponse response = await harness.UnsealAsync(key);

        Assert.False(response.Json.GetProperty("sealed").GetBoolean());
        Assert.Equal(1, response.Json.GetProperty("t").GetInt32());
        Assert.Equal(1, response.Json.GetProperty("n").GetInt32());
    }

    [Fact]
    public async Task One_of_one_with_a_wrong_key_is_500()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Shares = 1, Threshold = 1 });
        ApiResponse response = await harness.UnsealAsync(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Assert.Equal(HttpStatusCode.InternalServerError, response.Status);
        Assert.Contains("message authentication failed", Assert.Single(response.Errors));
    }

    [Fact]
    public async Task Migrate_is_refused_without_a_migration_seal()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        ApiResponse response = await harness.CallAsync("PUT", "/v1/sys/unseal", JsonSerializer.Serialize(new { key = harness.Keys[0], migrate = true }));
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(0, (await harness.CallAsync("GET", "/v1/sys/seal-status")).Json.GetProperty("progress").GetInt32());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    public async Task Only_PUT_and_POST_are_allowed(string method)
    {
        using SandboxHarness harness = SandboxHarness.Start();
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await harness.CallAsync(method, "/v1/sys/unseal")).Status);
    }
}
