using System.Diagnostics;
using System.Net;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>The fault knob: error statuses, latency and dropped connections for a while.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_503_fault_answers_Vault_is_sealed_for_its_duration_then_stops()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        // Long enough that the two requests below land inside it even on a loaded CI machine (700 ms did not).
        harness.Sandbox.InjectFault(SandboxFault.Status(), TimeSpan.FromSeconds(3));

        ApiResponse during = await harness.RootAsync("GET", "/v1/secret/metadata?list=true");
        ApiResponse health = await harness.CallAsync("GET", "/v1/sys/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.Status);
        Assert.Equal("{\"errors\":[\"Vault is sealed\"]}\n", during.Raw);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.Status);
        Assert.False(harness.Sandbox.IsSealed);

        ApiResponse after = await PollUntilAsync(harness, "/v1/sys/health", r => r.Status == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal(HttpStatusCode.NotFound, (await harness.RootAsync("GET", "/v1/secret/data/none")).Status);
    }

    [Fact]
    public async Task A_status_fault_can_spare_health_and_carry_its_own_message()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        harness.Sandbox.InjectFault(SandboxFault.Status(500) with { AffectsHealth = false }, Timeout.InfiniteTimeSpan);
        harness.Sandbox.InjectFault(SandboxFault.Status(429, "rate limit quota exceeded"), Timeout.InfiniteTimeSpan);

        ApiResponse health = await harness.CallAsync("GET", "/v1/sys/health");
        Assert.Equal(HttpStatusCode.TooManyRequests, health.Status);
        Assert.Equal(["rate limit quota exceeded"], health.Errors);
        ApiResponse kv = await harness.RootAsync("GET", "/v1/secret/data/x");
        Assert.Equal(HttpStatusCode.InternalServerError, kv.Status);
        Assert.Equal(["internal error"], kv.Errors);

        harness.Sandbox.ClearFaults();
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/health")).Status);
    }

    [Fact]
    public async Task A_drop_fault_closes_connections_without_an_answer()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        await harness.RootAsync("POST", "/v1/secret/data/kept", new { data = new { a = "b" } });
        harness.Sandbox.InjectFault(SandboxFault.Drop(), TimeSpan.FromSeconds(30));

        await Assert.ThrowsAsync<HttpRequestException>(() => harness.CallAsync("GET", "/v1/sys/health"));
        await Assert.ThrowsAsync<HttpRequestException>(() => harness.CallAsync("POST", "/v1/secret/data/kept", "{\"data\":{\"a\":\"c\"}}", token: harness.RootToken));

        harness.Sandbox.ClearFaults();
        ApiResponse read = await harness.RootAsync("GET", "/v1/secret/data/kept");
        Assert.Equal("b", read.Json.GetProperty("data").GetProperty("data").GetProperty("a").GetString());
        Assert.Equal(1, read.Json.GetProperty("data").GetProperty("metadata").GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task A_latency_fault_delays_every_answer()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        harness.Sandbox.InjectFault(SandboxFault.Delay(TimeSpan.FromMilliseconds(400)), TimeSpan.FromMinutes(1));

        var watch = Stopwatch.StartNew();
        ApiResponse health = await harness.CallAsync("GET", "/v1/sys/health");
        TimeSpan elapsed = watch.Elapsed;

        Assert.Equal(HttpStatusCode.OK, health.Status);
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(400), $"answered after {elapsed.TotalMilliseconds} ms");

        // Latency comes before the failure faults: a delayed 503.
        harness.Sandbox.InjectFault(SandboxFault.Status(), TimeSpan.FromMinutes(1));
        watch.Restart();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await harness.CallAsync("GET", "/v1/sys/health")).Status);
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(400));
        harness.Sandbox.ClearFaults();
    }

    [Fact]
    public async Task Faults_survive_restart_and_bad_faults_are_refused()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        harness.Sandbox.InjectFault(SandboxFault.Status(502), Timeout.InfiniteTimeSpan);
        harness.Sandbox.Restart();
        Assert.Equal(HttpStatusCode.BadGateway, (await harness.CallAsync("GET", "/v1/sys/seal-status")).Status);
        harness.Sandbox.ClearFaults();
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/sys/seal-status")).Status);

        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Sandbox.InjectFault(SandboxFault.Status(), TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Sandbox.InjectFault(SandboxFault.Status(42), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Sandbox.InjectFault(SandboxFault.Delay(TimeSpan.FromSeconds(-1)), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentNullException>(() => harness.Sandbox.InjectFault(null!, TimeSpan.FromSeconds(1)));
    }

    private static async Task<ApiResponse> PollUntilAsync(SandboxHarness harness, string path, Func<ApiResponse, bool> done)
    {
        var deadline = Stopwatch.StartNew();
        ApiResponse response = await harness.CallAsync("GET", path);
        while (!done(response) && deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(50);
            response = await harness.CallAsync("GET", path);
        }

        return response;
    }
}
