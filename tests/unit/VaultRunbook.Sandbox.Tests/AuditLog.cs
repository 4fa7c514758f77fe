using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>Reads a file audit device's lines (skipping Vault's enable-time test entry when asked).</summary>
internal static class AuditLog
{
    /// <summary>A log file in the harness's data folder (deleted with it); the device creates the folder.</summary>
    public static string NewPath(SandboxHarness harness) => Path.Combine(harness.Sandbox.DataPath, "audit-" + Guid.NewGuid().ToString("N")[..8], "audit.log");

    public static string[] RawLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        string text = reader.ReadToEnd();
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "the audit file must end with a complete line");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static JsonElement[] Entries(string path, bool includeProbe = false) =>
        RawLines(path)
            .Select(l => { using JsonDocument d = JsonDocument.Parse(l); return d.RootElement.Clone(); })
            .Where(e => includeProbe || e.GetProperty("request").GetProperty("path").GetString() != "sys/audit/test")
            .ToArray();

    /// <summary>The request and response entries of requests on <paramref name="path"/>.</summary>
    public static JsonElement[] ForPath(string file, string path) =>
        Entries(file).Where(e => e.GetProperty("request").GetProperty("path").GetString() == path).ToArray();

    /// <summary>Enables a file device at <paramref name="device"/> writing to <paramref name="file"/>.</summary>
    public static async Task EnableAsync(SandboxHarness harness, string device, string file, Dictionary<string, string>? extra = null)
    {
        var options = new Dictionary<string, string> { ["file_path"] = file };
        foreach (KeyValuePair<string, string> pair in extra ?? [])
        {
            options[pair.Key] = pair.Value;
        }

        ApiResponse enabled = await harness.RootAsync("PUT", "/v1/sys/audit/" + device, new { type = "file", options });
        Assert.Equal(System.Net.HttpStatusCode.NoContent, enabled.Status);
    }

    public static string Hmac(string salt, string value) =>
        "hmac-sha256:" + Convert.ToHexString(System.Security.Cryptography.HMACSHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(salt), System.Text.Encoding.UTF8.GetBytes(value))).ToLowerInvariant();

    public static string[] Keys(JsonElement obj) => obj.EnumerateObject().Select(p => p.Name).ToArray();
}
