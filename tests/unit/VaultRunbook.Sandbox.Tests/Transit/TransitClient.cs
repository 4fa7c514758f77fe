using System.Net;
using System.Text;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests.Transit;

/// <summary>Calls on a sandbox's transit mount (enabled at "transit/") with the root token, and the bodies they return.</summary>
internal static class TransitClient
{
    public static async Task<SandboxHarness> StartWithTransitAsync(string path = "transit")
    {
        SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse enabled = await harness.RootAsync("POST", $"/v1/sys/mounts/{path}", new { type = "transit" });
        Assert.Equal(HttpStatusCode.NoContent, enabled.Status);
        return harness;
    }

    public static async Task<JsonElement> CreateKeyAsync(SandboxHarness harness, string name, string type)
    {
        ApiResponse created = await harness.RootAsync("POST", $"/v1/transit/keys/{name}", new { type });
        Assert.True(created.Status == HttpStatusCode.OK, created.Raw);
        return created.Json.GetProperty("data");
    }

    /// <summary>POST sign/... with the body; asserts 200 and returns data.</summary>
    public static async Task<JsonElement> SignAsync(SandboxHarness harness, string path, object body)
    {
        ApiResponse signed = await harness.RootAsync("POST", $"/v1/transit/sign/{path}", body);
        Assert.True(signed.Status == HttpStatusCode.OK, signed.Raw);
        return signed.Json.GetProperty("data");
    }

    public static async Task<bool> VerifyAsync(SandboxHarness harness, string path, object body)
    {
        ApiResponse verified = await harness.RootAsync("POST", $"/v1/transit/verify/{path}", body);
        Assert.True(verified.Status == HttpStatusCode.OK, verified.Raw);
        return verified.Json.GetProperty("data").GetProperty("valid").GetBoolean();
    }

    /// <summary>The public key of version <paramref name="version"/> as GET keys/:name shows it.</summary>
    public static async Task<string> PublicKeyAsync(SandboxHarness harness, string name, int version = 1)
    {
        ApiResponse read = await harness.RootAsync("GET", $"/v1/transit/keys/{name}");
        Assert.Equal(HttpStatusCode.OK, read.Status);
        return read.Json.GetProperty("data").GetProperty("keys").GetProperty(version.ToString(System.Globalization.CultureInfo.InvariantCulture)).GetProperty("public_key").GetString()!;
    }

    public static string B64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>The signature bytes of "vault:vN:&lt;base64&gt;" (standard base64).</summary>
    public static byte[] SignatureBytes(string signature) => Convert.FromBase64String(signature.Split(':', 3)[2]);
}
