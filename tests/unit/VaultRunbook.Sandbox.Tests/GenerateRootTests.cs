using System.Net;
using System.Text;
using System.Text.Json;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>sys/generate-root/attempt and sys/generate-root/update (vault-api-notes §4), OTP flow.</summary>
public sealed class GenerateRootTests
{
    private const string Attempt = "/v1/sys/generate-root/attempt";
    private const string Update = "/v1/sys/generate-root/update";

    // Vault's GenerateRootStatusResponse order, which the mid-progress capture shows.
    private static readonly string[] StatusOrder = Fixtures.Load("sys-generate-root.update.mid-progress.200.json")
        .EnumerateObject().Select(p => p.Name).ToArray();

    [Fact]
    public void Status_order_is_the_captured_one()
    {
        Assert.Equal(
            ["nonce", "started", "progress", "required", "complete", "encoded_token", "encoded_root_token", "pgp_fingerprint", "otp", "otp_length"],
            StatusOrder);
    }

    [Fact]
    public async Task Status_without_an_attempt_reports_otp_length_28()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse status = await harness.CallAsync("GET", Attempt);

        Assert.Equal(HttpStatusCode.OK, status.Status);
        Assert.Equal(StatusOrder, status.Keys);
        Fixtures.AssertCovers(Fixtures.Load("sys-generate-root.update.mid-progress.200.json"), status.Json, "mid-progress");
        JsonElement body = status.Json;
        Assert.False(body.GetProperty("started").GetBoolean());
        Assert.Equal(string.Empty, body.GetProperty("nonce").GetString());
        Assert.Equal(0, body.GetProperty("progress").GetInt32());
        Assert.Equal(3, body.GetProperty("required").GetInt32());
        Assert.Equal(28, body.GetProperty("otp_length").GetInt32());
        Assert.Equal(string.Empty, body.GetProperty("otp").GetString());
    }

    [Fact]
    public async Task Start_returns_the_otp_once_and_a_fresh_nonce()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse started = await harness.CallAsync("PUT", Attempt);

        Assert.Equal(HttpStatusCode.OK, started.Status);
        Assert.Equal(StatusOrder, started.Keys);
        Fixtures.AssertCovers(Fixtures.Load("sys-generate-root.attempt-put.start-otp.200.json"), started.Json, "start-otp");
        JsonElement body = started.Json;
        Assert.True(body.GetProperty("started").GetBoolean());
        Assert.Equal(0, body.GetProperty("progress").GetInt32()); // the doc sample's 1 is stale
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", body.GetProperty("nonce").GetString());
        Assert.Matches("^[0-9A-Za-z]{28}$", body.GetProperty("otp").GetString());
        Assert.Equal(28, body.GetProperty("otp_length").GetInt32());

        JsonElement again = (await harness.CallAsync("GET", Attempt)).Json;
        Assert.True(again.GetProperty("started").GetBoolean());
        Assert.Equal(body.GetProperty("nonce").GetString(), again.GetProperty("nonce").GetString());
        Assert.Equal(string.Empty, again.GetProperty("otp").GetString());

        ApiResponse twice = await harness.CallAsync("POST", Attempt, "{}");
        Assert.Equal(HttpStatusCode.BadRequest, twice.Status);
        Assert.Equal(["root generation already in progress"], twice.Errors);
    }

    [Fact]
    public async Task Start_with_an_otp_of_the_wrong_length_is_400()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse response = await harness.CallAsync("PUT", Attempt, "{\"otp\":\"2vPFYG8gUSW9npwzyvxXMug0\"}");

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["OTP string is wrong length"], response.Errors);
        Assert.False((await harness.CallAsync("GET", Attempt)).Json.GetProperty("started").GetBoolean());
    }

    [Fact]
    public async Task Threshold_shares_give_an_encoded_token_that_decodes_to_a_working_root_token()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        JsonElement start = (await harness.CallAsync("PUT", Attempt)).Json;
        string nonce = start.GetProperty("nonce").GetString()!;
        string otp = start.GetProperty("otp").GetString()!;
        string[] keys = harness.Keys;

        JsonElement? complete = null;
        for (int i = 0; i < 3; i++)
        {
            ApiResponse step = await harness.CallAsync("PUT", Update, JsonSerializer.Serialize(new { key = keys[i], nonce }));
            Assert.Equal(HttpStatusCode.OK, step.Status);
            Assert.Equal(StatusOrder, step.Keys);
            JsonElement body = step.Json;
            Assert.Equal(i + 1, body.GetProperty("progress").GetInt32());
            Assert.Equal(nonce, body.GetProperty("nonce").GetString());
            Assert.Equal(0, body.GetProperty("otp_length").GetInt32());
            Assert.Equal(string.Empty, body.GetProperty("otp").GetString());
            if (i < 2)
            {
                Fixtures.AssertCovers(Fixtures.Load("sys-generate-root.update.mid-progress.200.json"), body, "mid-progress");
                Assert.False(body.GetProperty("complete").GetBoolean());
                Assert.Equal(string.Empty, body.GetProperty("encoded_token").GetString());
            }
            else
            {
                complete = body;
            }
        }

        Fixtures.AssertCovers(Fixtures.Load("sys-generate-root.update.complete.200.json"), complete!.Value, "complete");
        Assert.True(complete.Value.GetProperty("complete").GetBoolean());
        string encoded = complete.Value.GetProperty("encoded_token").GetString()!;
        Assert.Equal(encoded, complete.Value.GetProperty("encoded_root_token").GetString());
        Assert.Matches("^[A-Za-z0-9+/]{38}$", encoded); // RawStd: 28 bytes, no padding

        string token = Decode(encoded, otp);
        Assert.Matches("^hvs\\.[0-9A-Za-z]{24}$", token);
        Assert.NotEqual(harness.RootToken, token);
        ApiResponse lookup = await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: token);
        Assert.Equal(HttpStatusCode.OK, lookup.Status);
        JsonElement data = lookup.Json.GetProperty("data");
        Assert.Equal(["root"], data.GetProperty("policies").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("auth/token/root", data.GetProperty("path").GetString());
        Assert.Equal("root", data.GetProperty("display_name").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("expire_time").ValueKind);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/mounts", token: token)).Status);

        JsonElement after = (await harness.CallAsync("GET", Attempt)).Json;
        Assert.False(after.GetProperty("started").GetBoolean());
        Assert.Equal(0, after.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task Cancel_resets_the_progress()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string nonce = (await harness.CallAsync("PUT", Attempt)).Json.GetProperty("nonce").GetString()!;
        Assert.Equal(1, (await harness.CallAsync("PUT", Update, JsonSerializer.Serialize(new { key = harness.Keys[0], nonce }))).Json.GetProperty("progress").GetInt32());

        ApiResponse cancelled = await harness.CallAsync("DELETE", Attempt);

        Assert.Equal(HttpStatusCode.NoContent, cancelled.Status);
        Assert.Equal(string.Empty, cancelled.Raw);
        JsonElement status = (await harness.CallAsync("GET", Attempt)).Json;
        Assert.False(status.GetProperty("started").GetBoolean());
        Assert.Equal(0, status.GetProperty("progress").GetInt32());
        ApiResponse stale = await harness.CallAsync("PUT", Update, JsonSerializer.Serialize(new { key = harness.Keys[1], nonce }));
        Assert.Equal(["no root generation in progress"], stale.Errors);

        JsonElement restarted = (await harness.CallAsync("PUT", Attempt)).Json;
        Assert.Equal(0, restarted.GetProperty("progress").GetInt32());
        Assert.NotEqual(nonce, restarted.GetProperty("nonce").GetString());
    }

    [Fact]
    public async Task A_wrong_nonce_names_the_right_one_and_counts_nothing()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string nonce = (await harness.CallAsync("PUT", Attempt)).Json.GetProperty("nonce").GetString()!;

        ApiResponse wrong = await harness.CallAsync("PUT", Update, JsonSerializer.Serialize(new { key = harness.Keys[0], nonce = Guid.NewGuid().ToString() }));

        Assert.Equal(HttpStatusCode.BadRequest, wrong.Status);
        Assert.Equal([$"incorrect nonce supplied; nonce for this root generation operation is \"{nonce}\""], wrong.Errors);
        Assert.Equal(0, (await harness.CallAsync("GET", Attempt)).Json.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task The_same_share_twice_is_refused()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string nonce = (await harness.CallAsync("PUT", Attempt)).Json.GetProperty("nonce").GetString()!;
        string body = JsonSerializer.Serialize(new { key = harness.Keys[0], nonce });
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("PUT", Update, body)).Status);

        ApiResponse again = await harness.CallAsync("PUT", Update, body);

        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal(["given key has already been provided during this generation operation"], again.Errors);
    }

    [Fact]
    public async Task Wrong_shares_abort_at_the_threshold_but_keep_the_attempt()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string nonce = (await harness.CallAsync("PUT", Attempt)).Json.GetProperty("nonce").GetString()!;
        byte[] forged = Convert.FromBase64String(harness.Keys[2]);
        forged[0] ^= 0xFF;
        string[] shares = [harness.Keys[0], harness.Keys[1], Convert.ToBase64String(forged)];

        ApiResponse last = null!;
        foreach (string share in shares)
        {
            last = await harness.CallAsync("PUT", Update, JsonSerializer.Serialize(new { key = share, nonce }));
        }

        Assert.Equal(HttpStatusCode.BadRequest, last.Status);
        Assert.StartsWith("root generation aborted: unable to authenticate: ", last.Errors.Single());
        JsonElement status = (await harness.CallAsync("GET", Attempt)).Json;
        Assert.True(status.GetProperty("started").GetBoolean());
        Assert.Equal(nonce, status.GetProperty("nonce").GetString());
        Assert.Equal(0, status.GetProperty("progress").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: harness.RootToken)).Status);
    }

    [Fact]
    public async Task Update_without_a_key_is_400()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse response = await harness.CallAsync("PUT", Update, "{\"nonce\":\"x\"}");
        Assert.Equal(["'key' must be specified in request body as JSON"], response.Errors);
    }

    [Fact]
    public async Task Sealed_is_503_and_uninitialized_is_400()
    {
        using (SandboxHarness sealedHarness = SandboxHarness.Start())
        {
            ApiResponse response = await sealedHarness.CallAsync("GET", Attempt);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.Status);
            Assert.Equal(["Vault is sealed"], response.Errors);
        }

        using SandboxHarness fresh = await HarnessStates.StartInAsync(ServerState.Uninitialized);
        ApiResponse uninitialized = await fresh.CallAsync("PUT", Attempt);
        Assert.Equal(HttpStatusCode.BadRequest, uninitialized.Status);
        Assert.Equal(["server is not yet initialized"], uninitialized.Errors);
    }

    [Fact]
    public void Encoding_matches_the_published_vector()
    {
        // hashicorp/vault command/operator_generate_root_test.go (decode subtest); see fixtures MANIFEST.
        Assert.Equal("Bxg9JQQqOCNKBRICNwMIRzo2J3cWCBRi", RootGeneration.Encode("4RUmoevJ3lsLni9sTXcNnRE1", "3JhHkONiyiaNYj14nnD9xZQS"));
    }

    /// <summary>The CLI's decode, written here from the notes: RawStd base64, then XOR with the OTP.</summary>
    private static string Decode(string encoded, string otp)
    {
        string padded = encoded.PadRight((encoded.Length + 3) / 4 * 4, '=');
        byte[] bytes = Convert.FromBase64String(padded);
        byte[] otpBytes = Encoding.ASCII.GetBytes(otp);
        Assert.Equal(otpBytes.Length, bytes.Length);
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] ^= otpBytes[i];
        }

        return Encoding.ASCII.GetString(bytes);
    }
}
