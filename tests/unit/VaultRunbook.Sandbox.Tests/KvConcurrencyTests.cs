using System.Net;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>Concurrent KV writers: check-and-set is atomic per key and no version is lost.</summary>
public sealed class KvConcurrencyTests
{
    [Fact]
    public async Task Two_writers_with_the_same_cas_exactly_one_wins()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        using var second = new HttpClient { BaseAddress = new Uri(harness.Sandbox.Address) };
        await harness.RootAsync("POST", "/v1/secret/data/race", new { data = new { owner = "nobody" } });

        for (int round = 1; round <= 20; round++)
        {
            string body(string who) => $"{{\"data\":{{\"owner\":\"{who}\"}},\"options\":{{\"cas\":{round}}}}}";
            Task<HttpResponseMessage> a = Send(harness.Http, harness.RootToken, body("a"));
            Task<HttpResponseMessage> b = Send(second, harness.RootToken, body("b"));
            HttpResponseMessage[] answers = await Task.WhenAll(a, b);

            Assert.Single(answers, r => r.StatusCode == HttpStatusCode.OK);
            HttpResponseMessage loser = Assert.Single(answers, r => r.StatusCode == HttpStatusCode.BadRequest);
            Assert.Equal("{\"errors\":[\"check-and-set parameter did not match the current version\"]}\n", await loser.Content.ReadAsStringAsync());
        }

        ApiResponse meta = await harness.RootAsync("GET", "/v1/secret/metadata/race");
        Assert.Equal(21, meta.Json.GetProperty("data").GetProperty("current_version").GetInt64());
    }

    [Fact]
    public async Task Many_writers_without_cas_lose_no_version()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/metadata/busy", new { max_versions = 100 });

        ApiResponse[] writes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            harness.RootAsync("POST", "/v1/secret/data/busy", new { data = new { i } })));
        ApiResponse[] others = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            harness.RootAsync("POST", $"/v1/secret/data/other-{i}", new { data = new { i } })));

        Assert.All(writes.Concat(others), w => Assert.Equal(HttpStatusCode.OK, w.Status));
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), writes.Select(w => w.Json.GetProperty("data").GetProperty("version").GetInt64()).Order());
        ApiResponse meta = await harness.RootAsync("GET", "/v1/secret/metadata/busy");
        Assert.Equal(40, meta.Json.GetProperty("data").GetProperty("versions").EnumerateObject().Count());
        Assert.Equal(21, (await harness.RootAsync("LIST", "/v1/secret/metadata")).Json.GetProperty("data").GetProperty("keys").GetArrayLength());
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string token, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/secret/data/race") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Vault-Token", token);
        return client.SendAsync(request);
    }
}
