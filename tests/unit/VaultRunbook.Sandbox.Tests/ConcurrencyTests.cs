using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>Many sandboxes in one process and many clients at once.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_sandboxes_answer_at_the_same_time()
    {
        var harnesses = new List<SandboxHarness>();
        try
        {
            for (int i = 0; i < 50; i++)
            {
                harnesses.Add(SandboxHarness.Start(new SandboxOptions { Shares = 1 + (i % 5), Threshold = 1 + (i % 5) }));
            }

            Assert.Equal(50, harnesses.Select(h => h.Sandbox.Port).Distinct().Count());
            ApiResponse[] answers = await Task.WhenAll(harnesses.Select(h => h.CallAsync("GET", "/v1/sys/seal-status")));
            for (int i = 0; i < 50; i++)
            {
                Assert.Equal(HttpStatusCode.OK, answers[i].Status);
                Assert.Equal(1 + (i % 5), answers[i].Json.GetProperty("n").GetInt32());
            }

            ApiResponse[] health = await Task.WhenAll(harnesses.Select(h => h.CallAsync("GET", "/v1/sys/health")));
            Assert.All(health, h => Assert.Equal(503, h.Code));
        }
        finally
        {
            harnesses.ForEach(h => h.Dispose());
        }
    }

    [Fact]
    public async Task Many_clients_on_one_sandbox_with_latency()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Latency = TimeSpan.FromMilliseconds(100) });
        Assert.Equal(TimeSpan.FromMilliseconds(100), harness.Sandbox.Latency);

        ApiResponse[] answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => harness.CallAsync("GET", "/v1/sys/seal-status")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        harness.Sandbox.Latency = TimeSpan.Zero;
        Assert.Equal(TimeSpan.Zero, harness.Sandbox.Latency);
        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Sandbox.Latency = TimeSpan.FromMilliseconds(-1));
    }

    [Fact]
    public async Task Concurrent_unseal_submissions_count_each_share_once()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Shares = 5, Threshold = 5 });
        string[] keys = harness.Keys;

        // Every share sent 8 times in parallel, four of the five: progress must be exactly 4.
        await Task.WhenAll(keys.Take(4).SelectMany(k => Enumerable.Repeat(k, 8)).Select(k => harness.UnsealAsync(k)));

        JsonElement status = (await harness.CallAsync("GET", "/v1/sys/seal-status")).Json;
        Assert.Equal(4, status.GetProperty("progress").GetInt32());
        await harness.UnsealWithAsync(keys[4]);
    }

    [Fact]
    public async Task Stop_while_requests_wait_on_latency_does_not_hang()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Latency = TimeSpan.FromSeconds(30) });
        Task<HttpResponseMessage> pending = harness.Http.GetAsync("/v1/sys/health");
        await Task.Delay(200);

        harness.Sandbox.Stop();

        await Assert.ThrowsAsync<HttpRequestException>(() => pending);
    }
}
