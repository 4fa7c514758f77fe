using System.Net;
using System.Text.Json;
using static VaultRunbook.Sandbox.Tests.Transit.TransitClient;

namespace VaultRunbook.Sandbox.Tests.Transit;

/// <summary>keys/:name/config (minimum versions, deletion_allowed) and DELETE keys/:name.</summary>
public sealed class TransitKeyConfigTests
{
    [Fact]
    public async Task Minimum_versions_retire_old_signatures_and_old_signing_versions()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "k", "ed25519");
        string v1 = (await SignAsync(harness, "k", new { input = B64("a") })).GetProperty("signature").GetString()!;
        await harness.RootAsync("POST", "/v1/transit/keys/k/rotate", "");

        ApiResponse configured = await harness.RootAsync("POST", "/v1/transit/keys/k/config", new { min_decryption_version = 2, min_encryption_version = 2 });

        Assert.Equal(HttpStatusCode.OK, configured.Status);
        JsonElement data = configured.Json.GetProperty("data");
        Assert.Equal(2, data.GetProperty("min_decryption_version").GetInt32());
        Assert.Equal(2, data.GetProperty("min_encryption_version").GetInt32());
        await AssertRefusedAsync(harness, "verify/k", JsonSerializer.Serialize(new { input = B64("a"), signature = v1 }), "ciphertext or signature version is disallowed by policy (too old)");
        await AssertRefusedAsync(harness, "sign/k", JsonSerializer.Serialize(new { input = B64("a"), key_version = 1 }), "requested version for signing is less than the minimum encryption key version");
        Assert.StartsWith("vault:v2:", (await SignAsync(harness, "k", new { input = B64("a") })).GetProperty("signature").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"min_decryption_version\":5}", "cannot set min decryption version of 5, latest key version is 1")]
    [InlineData("{\"min_encryption_version\":-1}", "min encryption version cannot be negative")]
    [InlineData("{\"auto_rotate_period\":60}", "auto rotate period must be 0 to disable or at least an hour")]
    public async Task Bad_config_is_refused_and_changes_nothing(string body, string message)
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "k", "ecdsa-p256");

        await AssertRefusedAsync(harness, "keys/k/config", body, message);

        JsonElement data = (await harness.RootAsync("GET", "/v1/transit/keys/k")).Json.GetProperty("data");
        Assert.Equal(1, data.GetProperty("min_decryption_version").GetInt32());
        Assert.Equal(0, data.GetProperty("auto_rotate_period").GetInt64());
        await AssertRefusedAsync(harness, "keys/none/config", "{\"deletion_allowed\":true}", "no existing key named none could be found");
    }

    [Fact]
    public async Task A_zero_min_decryption_version_is_forced_to_one_with_vaults_warning()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "k", "ecdsa-p256");

        ApiResponse configured = await harness.RootAsync("POST", "/v1/transit/keys/k/config", new { min_decryption_version = 0, auto_rotate_period = "24h" });

        Assert.Equal(["since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1"], configured.Json.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToArray());
        Assert.Equal(86400, configured.Json.GetProperty("data").GetProperty("auto_rotate_period").GetInt64());
    }

    [Fact]
    public async Task Delete_needs_deletion_allowed()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "k", "ecdsa-p256");

        ApiResponse refused = await harness.RootAsync("DELETE", "/v1/transit/keys/k");
        ApiResponse missing = await harness.RootAsync("DELETE", "/v1/transit/keys/none");
        await harness.RootAsync("POST", "/v1/transit/keys/k/config", new { deletion_allowed = true });
        ApiResponse deleted = await harness.RootAsync("DELETE", "/v1/transit/keys/k");

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal(["error deleting policy k: deletion is not allowed for this policy"], refused.Errors);
        Assert.Equal(["error deleting policy none: could not delete policy; not found"], missing.Errors);
        Assert.Equal(HttpStatusCode.NoContent, deleted.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/transit/keys/k")).Status);
    }
}
