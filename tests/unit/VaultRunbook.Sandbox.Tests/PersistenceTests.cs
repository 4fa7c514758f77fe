using System.Net;
using System.Net.Sockets;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>State under DataPath, Restart, Stop and the port.</summary>
public sealed class PersistenceTests
{
    [Fact]
    public async Task Restart_comes_back_sealed_at_the_same_address_with_the_data_kept()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        string address = harness.Sandbox.Address;
        string clusterId = (await harness.CallAsync("GET", "/v1/sys/seal-status")).Json.GetProperty("cluster_id").GetString()!;

        harness.Sandbox.Restart();

        Assert.Equal(address, harness.Sandbox.Address);
        Assert.True(harness.Sandbox.IsRunning);
        Assert.True(harness.Sandbox.IsSealed);
        Assert.True(harness.Sandbox.IsInitialized);
        ApiResponse health = await harness.CallAsync("GET", "/v1/sys/health");
        Assert.Equal(503, health.Code);

        string[] keys = harness.Keys;
        await harness.UnsealWithAsync(keys[4], keys[1], keys[3]);
        Assert.Equal(clusterId, (await harness.CallAsync("GET", "/v1/sys/seal-status")).Json.GetProperty("cluster_id").GetString());
        Assert.Equal(HttpStatusCode.OK, (await harness.CallAsync("GET", "/v1/auth/token/lookup-self", token: harness.RootToken)).Status);
    }

    [Fact]
    public async Task Any_three_of_five_shares_unseal_after_a_seal()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        string[] keys = harness.Keys;
        int subsets = 0;
        for (int a = 0; a < 5; a++)
        {
            for (int b = a + 1; b < 5; b++)
            {
                for (int c = b + 1; c < 5; c++)
                {
                    await harness.UnsealWithAsync(keys[c], keys[a], keys[b]);
                    Assert.Equal(HttpStatusCode.NoContent, (await harness.CallAsync("PUT", "/v1/sys/seal", token: harness.RootToken)).Status);
                    subsets++;
                }
            }
        }

        Assert.Equal(10, subsets);
    }

    [Fact]
    public async Task Restart_keeps_an_unseal_attempt_from_carrying_over()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        await harness.UnsealAsync(harness.Keys[0]);
        harness.Sandbox.Restart();
        Assert.Equal(0, (await harness.CallAsync("GET", "/v1/sys/seal-status")).Json.GetProperty("progress").GetInt32());
    }

    [Fact]
    public async Task Starting_on_a_DataPath_with_state_reloads_it_sealed_and_ignores_shares_and_threshold()
    {
        string folder = SandboxHarness.NewTestFolder();
        string[] keys;
        string token;
        string keyFile;
        using (SandboxHarness first = SandboxHarness.Start(new SandboxOptions { DataPath = folder }))
        {
            keys = first.Keys;
            token = first.RootToken;
            keyFile = File.ReadAllText(first.Sandbox.UnsealKeysPath);
            await first.UnsealWithAsync(keys[0], keys[1], keys[2]);
        }

        using SandboxHarness second = SandboxHarness.Start(new SandboxOptions { DataPath = folder, Shares = 1, Threshold = 1 });
        try
        {
            Assert.True(second.Sandbox.IsSealed);
            Assert.Equal(keyFile, File.ReadAllText(second.Sandbox.UnsealKeysPath));
            ApiResponse status = await second.CallAsync("GET", "/v1/sys/seal-status");
            Assert.Equal(3, status.Json.GetProperty("t").GetInt32());
            Assert.Equal(5, status.Json.GetProperty("n").GetInt32());
            await second.UnsealWithAsync(keys[2], keys[3], keys[4]);
            Assert.Equal(HttpStatusCode.OK, (await second.CallAsync("GET", "/v1/auth/token/lookup-self", token: token)).Status);
        }
        finally
        {
            second.Sandbox.Stop();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task An_http_initialised_server_survives_a_restart()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Initialize = false });
        harness.Sandbox.Restart();
        Assert.False(harness.Sandbox.IsInitialized);

        ApiResponse init = await harness.CallAsync("PUT", "/v1/sys/init", "{\"secret_shares\":3,\"secret_threshold\":2}");
        string[] keys = init.Json.GetProperty("keys").EnumerateArray().Select(k => k.GetString()!).ToArray();
        harness.Sandbox.Restart();

        Assert.True(harness.Sandbox.IsInitialized);
        Assert.True(harness.Sandbox.IsSealed);
        await harness.UnsealWithAsync(keys[2], keys[0]);
    }

    [Fact]
    public void Stop_releases_the_port_and_is_idempotent()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        int port = harness.Sandbox.Port;

        harness.Sandbox.Stop();
        harness.Sandbox.Stop();
        harness.Sandbox.Dispose();

        Assert.False(harness.Sandbox.IsRunning);
        Assert.True(harness.Sandbox.IsSealed);
        var probe = new TcpListener(IPAddress.Loopback, port);
        probe.Start();
        probe.Stop();
    }

    [Fact]
    public async Task Restart_after_Stop_starts_again()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        harness.Sandbox.Stop();
        await Assert.ThrowsAsync<HttpRequestException>(() => harness.Http.GetAsync("/v1/sys/health"));

        harness.Sandbox.Restart();

        Assert.True(harness.Sandbox.IsRunning);
        Assert.Equal(503, (await harness.CallAsync("GET", "/v1/sys/health")).Code);
    }

    [Fact]
    public async Task Data_at_rest_holds_no_key_or_token_in_clear()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        string token = harness.RootToken;
        await harness.UnsealWithAsync(harness.Keys[0], harness.Keys[1], harness.Keys[2]);
        foreach (string file in new[] { "seal.json", "state.bin" })
        {
            byte[] content = File.ReadAllBytes(Path.Combine(harness.Sandbox.DataPath, file));
            Assert.Equal(-1, content.AsSpan().IndexOf(System.Text.Encoding.UTF8.GetBytes(token)));
        }
    }

    [Fact]
    public void A_port_in_use_is_reported_with_the_port()
    {
        var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int port = ((IPEndPoint)holder.LocalEndpoint).Port;
        try
        {
            string folder = SandboxHarness.NewTestFolder();
            var e = Assert.Throws<SandboxPortInUseException>(() => VaultSandbox.Start(new SandboxOptions { Port = port, DataPath = folder }));
            Assert.Equal(port, e.Port);
            Assert.Contains(port.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
            Assert.IsAssignableFrom<IOException>(e);
            Assert.False(Directory.Exists(folder));
        }
        finally
        {
            holder.Stop();
        }
    }

    [Fact]
    public void A_second_sandbox_on_the_same_port_is_refused()
    {
        using SandboxHarness first = SandboxHarness.Start();
        var e = Assert.Throws<SandboxPortInUseException>(() => VaultSandbox.Start(new SandboxOptions { Port = first.Sandbox.Port, DataPath = SandboxHarness.NewTestFolder() }));
        Assert.Equal(first.Sandbox.Port, e.Port);
        Assert.DoesNotContain(first.RootToken, e.ToString());
        Assert.True(first.Sandbox.IsRunning);
    }

    [Fact]
    public async Task A_fixed_port_is_used()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Port = port });

        Assert.Equal(port, harness.Sandbox.Port);
        Assert.Equal($"http://127.0.0.1:{port}", harness.Sandbox.Address);
        Assert.Equal(503, (await harness.CallAsync("GET", "/v1/sys/health")).Code);
    }
}
