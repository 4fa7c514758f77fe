using System.Net;
using System.Text;
using static VaultRunbook.Sandbox.Tests.Transit.TransitClient;

namespace VaultRunbook.Sandbox.Tests.Transit;

/// <summary>Transit keys live in the encrypted state: they survive Restart, answer 503 while sealed, follow the fault knob and the policy model.</summary>
public sealed class TransitStateTests
{
    [Fact]
    public async Task Keys_survive_a_restart_encrypted_and_old_signatures_still_verify()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");
        await CreateKeyAsync(harness, "ed", "ed25519");
        await CreateKeyAsync(harness, "rsa", "rsa-2048");
        await harness.RootAsync("POST", "/v1/transit/keys/ec/rotate", "");
        var signatures = new Dictionary<string, string>();
        var publicKeys = new Dictionary<string, string>();
        foreach (string name in new[] { "ec", "ed", "rsa" })
        {
            signatures[name] = (await SignAsync(harness, name, new { input = B64("kept") })).GetProperty("signature").GetString()!;
            publicKeys[name] = await PublicKeyAsync(harness, name);
        }

        foreach (string file in Directory.GetFiles(harness.Sandbox.DataPath))
        {
            byte[] content = File.ReadAllBytes(file);
            Assert.Equal(-1, content.AsSpan().IndexOf(Encoding.UTF8.GetBytes(publicKeys["ed"])));
            Assert.Equal(-1, content.AsSpan().IndexOf("ecdsa-p256"u8));
        }

        harness.Sandbox.Restart();
        ApiResponse whileSealed = await harness.RootAsync("POST", "/v1/transit/sign/ec", new { input = B64("kept") });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, whileSealed.Status);
        Assert.Equal(["Vault is sealed"], whileSealed.Errors);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await harness.RootAsync("GET", "/v1/transit/keys/ec")).Status);
        await harness.UnsealWithAsync(harness.Keys[0], harness.Keys[1], harness.Keys[2]);

        foreach (string name in new[] { "ec", "ed", "rsa" })
        {
            Assert.Equal(publicKeys[name], await PublicKeyAsync(harness, name));
            Assert.True(await VerifyAsync(harness, name, new { input = B64("kept"), signature = signatures[name] }));
        }

        Assert.StartsWith("vault:v2:", (await SignAsync(harness, "ec", new { input = B64("kept") })).GetProperty("signature").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_injected_fault_hits_transit_like_every_other_path()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");
        harness.Sandbox.InjectFault(SandboxFault.Status(), Timeout.InfiniteTimeSpan);

        ApiResponse signed = await harness.RootAsync("POST", "/v1/transit/sign/ec", new { input = B64("a") });
        ApiResponse created = await harness.RootAsync("POST", "/v1/transit/keys/other", new { type = "ed25519" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, signed.Status);
        Assert.Equal(["Vault is sealed"], signed.Errors);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, created.Status);
        harness.Sandbox.ClearFaults();
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/transit/keys/other")).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.RootAsync("POST", "/v1/transit/sign/ec", new { input = B64("a") })).Status);
    }

    [Fact]
    public async Task Transit_paths_need_a_token_whose_policy_names_them()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");
        string signer = await harness.CreateTokenAsync("ci-signer", "transit/sign/ec");
        string admin = await harness.CreateTokenAsync("transit-admin", "transit");
        string body = "{\"input\":\"YQ==\"}";

        ApiResponse signed = await harness.CallAsync("POST", "/v1/transit/sign/ec", body, token: signer);
        Assert.Equal(HttpStatusCode.OK, signed.Status);
        string signature = signed.Json.GetProperty("data").GetProperty("signature").GetString()!;
        string verifyBody = $"{{\"input\":\"YQ==\",\"signature\":\"{signature}\"}}";

        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("POST", "/v1/transit/verify/ec", verifyBody, token: signer)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/transit/keys/ec", token: signer)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("POST", "/v1/transit/sign/ec", body)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("POST", "/v1/transit/verify/ec", verifyBody, token: admin)).Status);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("POST", "/v1/transit/keys/ec/rotate", "", token: admin)).Status);
    }

    [Fact]
    public async Task Sign_is_audited_on_the_transit_mount_with_input_and_signature_hmaced()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");
        string log = AuditLog.NewPath(harness);
        await AuditLog.EnableAsync(harness, "file", log);
        string salt = harness.Sandbox.AuditSalt("file")!;

        string signature = (await SignAsync(harness, "ec", new { input = B64("audited") })).GetProperty("signature").GetString()!;

        System.Text.Json.JsonElement[] entries = AuditLog.ForPath(log, "transit/sign/ec");
        Assert.Equal(["request", "response"], entries.Select(e => e.GetProperty("type").GetString()!).ToArray());
        System.Text.Json.JsonElement response = entries[1];
        Assert.Equal("transit", response.GetProperty("request").GetProperty("mount_type").GetString());
        Assert.Equal(AuditLog.Hmac(salt, B64("audited")), response.GetProperty("request").GetProperty("data").GetProperty("input").GetString());
        Assert.Equal(AuditLog.Hmac(salt, signature), response.GetProperty("response").GetProperty("data").GetProperty("signature").GetString());
        Assert.DoesNotContain(signature, File.ReadAllText(log), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_the_mount_removes_its_keys()
    {
        using SandboxHarness harness = await StartWithTransitAsync();
        await CreateKeyAsync(harness, "ec", "ecdsa-p256");

        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("DELETE", "/v1/sys/mounts/transit")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await harness.RootAsync("POST", "/v1/sys/mounts/transit", new { type = "transit" })).Status);

        ApiResponse signed = await harness.RootAsync("POST", "/v1/transit/sign/ec", new { input = B64("a") });
        Assert.Equal(["signing key not found"], signed.Errors);
    }
}
