using System.Net;
using System.Text;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>A running sandbox in its own test folder, with an HttpClient and the key files read.</summary>
internal sealed class SandboxHarness : IDisposable
{
    private readonly bool _ownsFolder;

    private SandboxHarness(VaultSandbox sandbox, bool ownsFolder)
    {
        Sandbox = sandbox;
        _ownsFolder = ownsFolder;
        Http = new HttpClient { BaseAddress = new Uri(sandbox.Address), Timeout = TimeSpan.FromSeconds(60) };
    }

    public VaultSandbox Sandbox { get; }

    public HttpClient Http { get; }

    /// <summary>The keys_base64 lines of the unseal key file.</summary>
    public string[] Keys => File.ReadAllLines(Sandbox.UnsealKeysPath).Where(l => !l.StartsWith('#') && l.Length > 0).ToArray();

    public string RootToken => File.ReadAllText(Sandbox.RootTokenPath).TrimEnd('\n');

    public static string NewTestFolder() =>
        Path.Combine(Path.GetTempPath(), "vaultrunbook-sandbox-tests", Guid.NewGuid().ToString("N"));

    public static SandboxHarness Start(SandboxOptions? options = null)
    {
        options ??= new SandboxOptions();
        bool ownsFolder = options.DataPath is null;
        if (ownsFolder)
        {
            options = options with { DataPath = NewTestFolder() };
        }

        return new SandboxHarness(VaultSandbox.Start(options), ownsFolder);
    }

    public async Task<ApiResponse> CallAsync(string method, string pathAndQuery, string? json = null, string? token = null, string? bearer = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), pathAndQuery);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        if (token is not null)
        {
            request.Headers.Add("X-Vault-Token", token);
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }

        using HttpResponseMessage response = await Http.SendAsync(request);
        string raw = await response.Content.ReadAsStringAsync();
        return new ApiResponse(
            response.StatusCode,
            raw,
            response.Content.Headers.ContentType?.MediaType,
            response.Headers.CacheControl?.NoStore ?? false);
    }

    /// <summary>A call with the root token.</summary>
    public Task<ApiResponse> RootAsync(string method, string pathAndQuery, string? json = null) =>
        CallAsync(method, pathAndQuery, json, token: RootToken);

    /// <summary>A call with the root token and a JSON body serialized from <paramref name="body"/>.</summary>
    public Task<ApiResponse> RootAsync(string method, string pathAndQuery, object body) =>
        CallAsync(method, pathAndQuery, JsonSerializer.Serialize(body), token: RootToken);

    /// <summary>Creates a token through auth/token/create (as root) and returns its id.</summary>
    public async Task<string> CreateTokenAsync(string displayName, params string[] policies)
    {
        ApiResponse created = await RootAsync("POST", "/v1/auth/token/create", new { display_name = displayName, policies });
        Assert.Equal(HttpStatusCode.OK, created.Status);
        return created.Json.GetProperty("auth").GetProperty("client_token").GetString()!;
    }

    public Task<ApiResponse> UnsealAsync(string key) => CallAsync("PUT", "/v1/sys/unseal", JsonSerializer.Serialize(new { key }));

    public async Task UnsealWithAsync(params string[] keys)
    {
        foreach (string key in keys)
        {
            ApiResponse response = await UnsealAsync(key);
            Assert.Equal(HttpStatusCode.OK, response.Status);
        }

        Assert.False(Sandbox.IsSealed);
    }

    public void Dispose()
    {
        Sandbox.Dispose();
        Http.Dispose();
        if (_ownsFolder)
        {
            try
            {
                Directory.Delete(Sandbox.DataPath, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
