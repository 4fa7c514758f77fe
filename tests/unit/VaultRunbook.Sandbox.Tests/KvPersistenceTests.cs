using System.Net;
using System.Text;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>KV data, mounts, tokens and audit devices survive Restart, encrypted at rest.</summary>
public sealed class KvPersistenceTests
{
    [Fact]
    public async Task Everything_survives_a_restart_and_stays_encrypted_at_rest()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string log = AuditLog.NewPath(harness);
        await harness.RootAsync("POST", "/v1/secret/data/app", new { data = new { password = "correct-horse-battery" } });
        await harness.RootAsync("POST", "/v1/secret/data/app", new { data = new { password = "second-version-value" } });
        await harness.RootAsync("POST", "/v1/secret/metadata/app", new { custom_metadata = new { owner = "ops" } });
        await harness.RootAsync("PUT", "/v1/kv-v1/legacy", new { token = "legacy-value-1234" });
        await harness.RootAsync("POST", "/v1/sys/mounts/team", new { type = "kv-v2" });
        await harness.RootAsync("POST", "/v1/team/config", new { max_versions = 3 });
        string child = await harness.CreateTokenAsync("ci", "secret");
        await AuditLog.EnableAsync(harness, "file", log);
        string salt = harness.Sandbox.AuditSalt("file")!;

        foreach (string file in Directory.GetFiles(harness.Sandbox.DataPath))
        {
            byte[] content = File.ReadAllBytes(file);
            foreach (string secret in new[] { "correct-horse-battery", "second-version-value", "legacy-value-1234", child, salt })
            {
                Assert.Equal(-1, content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
            }
        }

        harness.Sandbox.Restart();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await harness.RootAsync("GET", "/v1/secret/data/app")).Status);
        await harness.UnsealWithAsync(harness.Keys[0], harness.Keys[1], harness.Keys[2]);

        Assert.Equal("second-version-value", (await harness.RootAsync("GET", "/v1/secret/data/app")).Json.GetProperty("data").GetProperty("data").GetProperty("password").GetString());
        Assert.Equal("correct-horse-battery", (await harness.RootAsync("GET", "/v1/secret/data/app?version=1")).Json.GetProperty("data").GetProperty("data").GetProperty("password").GetString());
        Assert.Equal("ops", (await harness.RootAsync("GET", "/v1/secret/metadata/app")).Json.GetProperty("data").GetProperty("custom_metadata").GetProperty("owner").GetString());
        Assert.Equal("legacy-value-1234", (await harness.RootAsync("GET", "/v1/kv-v1/legacy")).Json.GetProperty("data").GetProperty("token").GetString());
        Assert.Equal(3, (await harness.RootAsync("GET", "/v1/team/config")).Json.GetProperty("data").GetProperty("max_versions").GetInt64());
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/secret/data/app", token: child)).Status);
        Assert.Equal(salt, harness.Sandbox.AuditSalt("file"));
        Assert.Contains("file/", (await harness.RootAsync("GET", "/v1/sys/audit")).Raw);

        // The device keeps writing to the same file with the same salt after the restart.
        await harness.RootAsync("GET", "/v1/secret/data/app");
        System.Text.Json.JsonElement last = AuditLog.Entries(log)[^1];
        Assert.Equal(AuditLog.Hmac(salt, harness.RootToken), last.GetProperty("auth").GetProperty("client_token").GetString());
    }

    [Fact]
    public void A_state_from_before_kv_gets_the_default_mounts()
    {
        // The JSON shape of the first release's state.bin plaintext (snake_case, no mounts/tokens/devices).
        const string old = "{\"root_token\":\"hvs.x\",\"root_accessor\":\"a\",\"root_creation_time\":1,\"cluster_name\":\"c\",\"cluster_id\":\"i\"}";
        var options = new System.Text.Json.JsonSerializerOptions { PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower };
        Core.SandboxState state = System.Text.Json.JsonSerializer.Deserialize<Core.SandboxState>(old, options)!;
        Assert.Null(state.Mounts);

        Core.SandboxState completed = Core.DefaultMounts.Complete(state, out bool changed);

        Assert.True(changed);
        Assert.Equal(["cubbyhole/", "identity/", "kv-v1/", "secret/", "sys/"], completed.Mounts!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, completed.Mounts["secret/"].KvVersion);
        Assert.Equal(1, completed.Mounts["kv-v1/"].KvVersion);
        Assert.Matches("^auth_token_[0-9a-f]{8}$", completed.TokenMountAccessor);
        Assert.Same(completed, Core.DefaultMounts.Complete(completed, out bool again));
        Assert.False(again);

        string written = System.Text.Json.JsonSerializer.Serialize(completed, options);
        Core.SandboxState reread = System.Text.Json.JsonSerializer.Deserialize<Core.SandboxState>(written, options)!;
        Assert.Equal(completed.Mounts["secret/"].Uuid, reread.Mounts!["secret/"].Uuid);
        Assert.Equal("2", reread.Mounts["secret/"].Options!["version"]);
    }
}
