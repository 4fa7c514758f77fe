using System.Net;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>
/// `vault kv patch` needs KV v2: the passthrough (v1) backend has no patch operation, so Vault answers 405 with an
/// empty errors list and the secret stays as it was (vault-api-notes §0.1, §0.4).
/// </summary>
public sealed class KvPatchOnV1Tests
{
    [Fact]
    public async Task Patch_on_a_kv_v1_mount_is_an_unsupported_operation_and_changes_nothing()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("PUT", "/v1/kv-v1/app", new { password = "v1", user = "app" });

        ApiResponse patch = await harness.CallAsync("PATCH", "/v1/kv-v1/app", "{\"data\":{\"password\":\"x\"}}", token: harness.RootToken, contentType: "application/merge-patch+json");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, patch.Status);
        Assert.Empty(patch.Errors);
        Assert.Equal("{\"password\":\"v1\",\"user\":\"app\"}", (await harness.RootAsync("GET", "/v1/kv-v1/app")).Json.GetProperty("data").GetRawText());
    }
}
