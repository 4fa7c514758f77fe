using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>sys/init (vault-api-notes §3.1) and initialisation at Start.</summary>
public sealed class InitTests
{
    [Fact]
    public async Task Http_init_returns_keys_in_hex_and_base64_and_a_root_token_and_stays_sealed()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Initialize = false });
        Assert.False((await harness.CallAsync("GET", "/v1/sys/init")).Json.GetProperty("initialized").GetBoolean());

        ApiResponse response = await harness.CallAsync("PUT", "/v1/sys/init", "{\"secret_shares\":5,\"secret_threshold\":3}");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        Assert.Equal(["keys", "keys_base64", "root_token"], response.Keys);
        Assert.Equal(Fixtures.Load("sys-init.put.wire-0.11.3.200.json").EnumerateObject().Select(p => p.Name), response.Keys);
        string[] hex = response.Json.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
        string[] b64 = response.Json.GetProperty("keys_base64").EnumerateArray().Select(k => k.GetString()!).ToArray();
        Assert.Equal(5, hex.Length);
        Assert.All(hex, h => Assert.Matches("^[0-9a-f]{66}$", h));
        Assert.Equal(hex, b64.Select(b => Convert.ToHexString(Convert.FromBase64String(b)).ToLowerInvariant()));
        Assert.Contains("+", string.Concat(b64) + "+"); // base64 text is sent unescaped (Go does not escape + or /)
        Assert.DoesNotContain("\\u002B", response.Raw);
        string rootToken = response.Json.GetProperty("root_token").GetString()!;
        Assert.Matches("^hvs\\.[0-9A-Za-z]{24}$", rootToken);

        Assert.True((await harness.CallAsync("GET", "/v1/sys/init")).Json.GetProperty("initialized").GetBoolean());
        Assert.True(harness.Sandbox.IsSealed);
        Assert.True(harness.Sandbox.IsInitialized);

        await harness.UnsealWithAsync(hex[4], b64[2], hex[0]);
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: rootToken)).Status);
    }

    [Fact]
    public async Task Http_init_one_of_one_gives_the_raw_key()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Initialize = false });
        JsonElement body = (await harness.CallAsync("POST", "/v1/sys/init", "{\"secret_shares\":1,\"secret_threshold\":1}")).Json;
        Assert.Matches("^[0-9a-f]{64}$", Assert.Single(body.GetProperty("keys").EnumerateArray()).GetString());
        Assert.Equal(44, Assert.Single(body.GetProperty("keys_base64").EnumerateArray()).GetString()!.Length);
    }

    [Fact]
    public async Task A_second_init_is_400()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        ApiResponse response = await harness.CallAsync("PUT", "/v1/sys/init", "{\"secret_shares\":1,\"secret_threshold\":1}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(["Vault is already initialized"], response.Errors);
    }

    [Theory]
    [InlineData("{\"secret_shares\":3,\"secret_threshold\":5}", "invalid seal configuration: threshold cannot be larger than shares")]
    [InlineData("{\"secret_shares\":3,\"secret_threshold\":1}", "invalid seal configuration: threshold must be greater than one for multiple shares")]
    [InlineData("{}", "invalid seal configuration: shares must be at least one")]
    [InlineData("{\"secret_shares\":2}", "invalid seal configuration: threshold must be at least one")]
    [InlineData("{\"secret_shares\":256,\"secret_threshold\":3}", "invalid seal configuration: shares must be less than 256")]
    [InlineData("{\"secret_shares\":5,\"secret_threshold\":3,\"recovery_shares\":5,\"recovery_threshold\":3}", "parameters recovery_shares,recovery_threshold not applicable to seal type shamir")]
    [InlineData("{\"Secret_Shares\":3,\"SECRET_THRESHOLD\":5}", "invalid seal configuration: threshold cannot be larger than shares")]
    public async Task Validation_messages_are_Vaults(string body, string message)
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Initialize = false });
        ApiResponse response = await harness.CallAsync("PUT", "/v1/sys/init", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal([message], response.Errors);
        Assert.False(harness.Sandbox.IsInitialized);
    }

    [Fact]
    public async Task A_wrong_type_is_400()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Initialize = false });
        ApiResponse response = await harness.CallAsync("PUT", "/v1/sys/init", "{\"secret_shares\":\"5\",\"secret_threshold\":3}");
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("cannot unmarshal string into Go struct field InitRequest.secret_shares of type int", Assert.Single(response.Errors));
    }

    [Fact]
    public void Start_writes_owner_only_key_and_token_files_in_the_CLI_format()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        VaultSandbox sandbox = harness.Sandbox;

        Assert.Equal(Path.Combine(sandbox.DataPath, "unseal-keys.txt"), sandbox.UnsealKeysPath);
        Assert.Equal(Path.Combine(sandbox.DataPath, "root-token"), sandbox.RootTokenPath);
        string[] lines = File.ReadAllLines(sandbox.UnsealKeysPath);
        Assert.StartsWith("#", lines[0]);
        Assert.Equal(5, lines.Length - 1);
        byte[][] shares = lines.Skip(1).Select(Convert.FromBase64String).ToArray();
        Assert.All(shares, s => Assert.Equal(33, s.Length));
        Assert.Equal(5, shares.Select(s => s[^1]).Where(x => x != 0).Distinct().Count());

        string token = File.ReadAllText(sandbox.RootTokenPath);
        Assert.Matches("^hvs\\.[0-9A-Za-z]{24}\n$", token);
        Assert.True(sandbox.IsInitialized);
        Assert.True(sandbox.IsSealed);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sandbox.UnsealKeysPath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(sandbox.RootTokenPath));
            foreach (string file in Directory.GetFiles(sandbox.DataPath))
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(sandbox.DataPath));
        }

        // No temp files are left behind by the atomic writes.
        Assert.DoesNotContain(Directory.GetFiles(sandbox.DataPath), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_null_DataPath_makes_a_private_temp_folder()
    {
        using VaultSandbox sandbox = VaultSandbox.Start(new SandboxOptions());
        try
        {
            Assert.True(Directory.Exists(sandbox.DataPath));
            Assert.StartsWith(Path.GetFullPath(Path.GetTempPath()), sandbox.DataPath);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(sandbox.DataPath));
            }
        }
        finally
        {
            sandbox.Stop();
            Directory.Delete(sandbox.DataPath, recursive: true);
        }
    }

    [Fact]
    public void Uninitialised_start_writes_no_key_files()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Initialize = false });
        Assert.False(harness.Sandbox.IsInitialized);
        Assert.False(File.Exists(harness.Sandbox.UnsealKeysPath));
        Assert.False(File.Exists(harness.Sandbox.RootTokenPath));
    }

    [Theory]
    [InlineData(3, 5, "Threshold", "threshold cannot be larger than shares")]
    [InlineData(0, 1, "Shares", "shares must be at least one")]
    [InlineData(-1, 1, "Shares", "shares must be at least one")]
    [InlineData(1, 0, "Threshold", "threshold must be at least one")]
    [InlineData(3, 1, "Threshold", "threshold must be greater than one for multiple shares")]
    [InlineData(256, 3, "Shares", "shares must be less than 256")]
    public void Start_validates_shares_and_threshold(int shares, int threshold, string parameter, string message)
    {
        string folder = SandboxHarness.NewTestFolder();
        var e = Assert.ThrowsAny<ArgumentException>(() => VaultSandbox.Start(new SandboxOptions { Shares = shares, Threshold = threshold, DataPath = folder }));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(message, e.Message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void Start_validates_port_and_latency()
    {
        Assert.Equal("Port", Assert.ThrowsAny<ArgumentException>(() => VaultSandbox.Start(new SandboxOptions { Port = 70000 })).ParamName);
        Assert.Equal("Latency", Assert.ThrowsAny<ArgumentException>(() => VaultSandbox.Start(new SandboxOptions { Latency = TimeSpan.FromSeconds(-1) })).ParamName);
        Assert.Throws<ArgumentNullException>(() => VaultSandbox.Start(null!));
    }
}
