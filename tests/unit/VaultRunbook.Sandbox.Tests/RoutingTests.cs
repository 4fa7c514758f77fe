using System.Net;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>Unknown paths, wrong methods and the headers every answer carries (vault-api-notes §0).</summary>
public sealed class RoutingTests
{
    [Theory]
    [InlineData("/v1/does/not/exist", "does/not/exist")]
    [InlineData("/v1/nope", "nope")]
    public async Task A_path_under_no_mount_is_404_with_Vaults_router_text(string path, string route)
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse response = await harness.CallAsync("GET", path, token: harness.RootToken);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal([$"no handler for route \"{route}\". route entry not found."], response.Errors);
    }

    [Theory]
    [InlineData("/v1/sys/health/")]
    [InlineData("/v1/auth/token/lookup-selfish")]
    public async Task Unknown_v1_path_with_a_valid_token_is_404_with_an_empty_error_list(string path)
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse response = await harness.CallAsync("GET", path, token: harness.RootToken);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("{\"errors\":[]}\n", response.Raw);
    }

    [Fact]
    public async Task Unknown_v1_path_checks_seal_and_token_first_like_Vaults_logical_router()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await harness.CallAsync("GET", "/v1/nope")).Status);
        string[] keys = harness.Keys;
        await harness.UnsealWithAsync(keys[0], keys[1], keys[2]);
        Assert.Equal(HttpStatusCode.Forbidden, (await harness.CallAsync("GET", "/v1/nope")).Status);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/v2/sys/health")]
    [InlineData("/ui/")]
    public async Task Paths_outside_v1_are_404(string path)
    {
        using SandboxHarness harness = SandboxHarness.Start();
        ApiResponse response = await harness.CallAsync("GET", path);
        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("{\"errors\":[]}\n", response.Raw);
    }

    [Theory]
    [InlineData("DELETE", "/v1/sys/init")]
    [InlineData("PATCH", "/v1/sys/unseal")]
    [InlineData("DELETE", "/v1/sys/seal")]
    [InlineData("POST", "/v1/sys/seal-status")]
    [InlineData("DELETE", "/v1/auth/token/lookup-self")]
    [InlineData("LIST", "/v1/auth/token/lookup-self")]
    public async Task A_known_path_with_a_wrong_method_is_405(string method, string path)
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        ApiResponse response = await harness.CallAsync(method, path, json: method is "PATCH" or "POST" ? "{}" : null, token: harness.RootToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("{\"errors\":[]}\n", response.Raw);
    }

    [Fact]
    public async Task Every_answer_is_json_no_store_and_newline_terminated()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        (string Method, string Path, string? Body)[] calls =
        [
            ("GET", "/v1/sys/health", null),
            ("GET", "/v1/sys/seal-status", null),
            ("GET", "/v1/sys/init", null),
            ("GET", "/v1/sys/leader", null),
            ("PUT", "/v1/sys/unseal", "{\"reset\":true}"),
            ("PUT", "/v1/sys/unseal", "{}"),
            ("GET", "/v1/auth/token/lookup-self", null),
            ("GET", "/v1/nothing", null),
            ("GET", "/elsewhere", null),
            ("DELETE", "/v1/sys/health", null),
        ];
        foreach ((string method, string path, string? body) in calls)
        {
            ApiResponse response = await harness.CallAsync(method, path, body);
            Assert.True(response.ContentType == "application/json", $"{method} {path}: {response.ContentType}");
            Assert.True(response.NoStore, $"{method} {path}: Cache-Control");
            Assert.EndsWith("}\n", response.Raw);
            Assert.False(response.Raw.EndsWith("\n\n", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Localhost_host_header_is_served()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.Sandbox.Port}") };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/seal-status");
        request.Headers.Host = $"localhost:{harness.Sandbox.Port}";
        using HttpResponseMessage response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
