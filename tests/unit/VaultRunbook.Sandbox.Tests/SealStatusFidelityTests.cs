using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>sys/seal-status against vault-api-notes §2.1 and the real samples.</summary>
public sealed class SealStatusFidelityTests
{
    /// <summary>Vault's SealStatusResponse struct order.</summary>
    private static readonly string[] GoStructOrder =
    [
        "type", "initialized", "sealed", "t", "n", "progress", "nonce", "version", "build_date", "migration",
        "cluster_name", "cluster_id", "recovery_seal", "recovery_seal_type", "storage_type", "hcp_link_status",
        "hcp_link_resource_ID", "removed_from_cluster", "warnings",
    ];

    [Fact]
    public async Task Sealed_with_progress_has_exactly_the_fields_of_the_real_sample()
    {
        using SandboxHarness harness = SandboxHarness.Start();
        await harness.UnsealAsync(harness.Keys[0]);

        ApiResponse response = await harness.CallAsync("GET", "/v1/sys/seal-status");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        JsonElement fixture = Fixtures.Load("sys-seal-status.sealed-progress.200.json");
        Fixtures.AssertCovers(fixture, response.Json, "sealed-progress");
        Assert.Equal(fixture.EnumerateObject().Select(p => p.Name).Order(), response.Keys.Order());
        Fixtures.AssertInOrder(response.Keys, GoStructOrder);

        JsonElement body = response.Json;
        Assert.Equal("shamir", body.GetProperty("type").GetString());
        Assert.Equal(3, body.GetProperty("t").GetInt32());
        Assert.Equal(5, body.GetProperty("n").GetInt32());
        Assert.Equal(1, body.GetProperty("progress").GetInt32());
        Assert.True(Guid.TryParse(body.GetProperty("nonce").GetString(), out _));
        Assert.Equal("1.19.0", body.GetProperty("version").GetString());
        Assert.False(body.GetProperty("recovery_seal").GetBoolean());
        Assert.False(body.GetProperty("migration").GetBoolean());
        Assert.False(body.GetProperty("removed_from_cluster").GetBoolean());
    }

    [Fact]
    public async Task Unsealed_has_exactly_the_fields_of_the_real_sample_including_the_cluster()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);

        ApiResponse response = await harness.CallAsync("GET", "/v1/sys/seal-status");

        JsonElement fixture = Fixtures.Load("sys-seal-status.unsealed.200.json");
        Fixtures.AssertCovers(fixture, response.Json, "unsealed");
        Assert.Equal(fixture.EnumerateObject().Select(p => p.Name).Order(), response.Keys.Order());
        Fixtures.AssertInOrder(response.Keys, GoStructOrder);
        Assert.False(response.Json.GetProperty("sealed").GetBoolean());
        Assert.Equal(0, response.Json.GetProperty("progress").GetInt32());
        Assert.Equal(string.Empty, response.Json.GetProperty("nonce").GetString());
    }

    [Fact]
    public async Task Field_order_matches_a_byte_exact_wire_capture()
    {
        // A real 0.11.3 sys/unseal reset body: the fields it has come in the same order from us.
        string[] wireOrder = Fixtures.Load("sys-unseal.reset.wire-0.11.3.200.json").EnumerateObject().Select(p => p.Name).ToArray();
        using SandboxHarness harness = SandboxHarness.Start();

        ApiResponse response = await harness.CallAsync("PUT", "/v1/sys/unseal", "{\"reset\":true}");

        Assert.Equal(wireOrder, response.Keys.Where(wireOrder.Contains).ToArray());
    }

    [Fact]
    public async Task Uninitialised_reports_zero_shares_and_no_cluster()
    {
        using SandboxHarness harness = SandboxHarness.Start(new SandboxOptions { Initialize = false });

        ApiResponse response = await harness.CallAsync("GET", "/v1/sys/seal-status");

        Assert.Equal(HttpStatusCode.OK, response.Status);
        JsonElement body = response.Json;
        Assert.False(body.GetProperty("initialized").GetBoolean());
        Assert.True(body.GetProperty("sealed").GetBoolean());
        Assert.Equal(0, body.GetProperty("t").GetInt32());
        Assert.Equal(0, body.GetProperty("n").GetInt32());
        Assert.False(body.TryGetProperty("cluster_name", out _));
        Fixtures.AssertInOrder(response.Keys, GoStructOrder);
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("HEAD")]
    [InlineData("DELETE")]
    public async Task Only_GET_is_allowed(string method)
    {
        using SandboxHarness harness = SandboxHarness.Start();
        ApiResponse response = await harness.CallAsync(method, "/v1/sys/seal-status", method is "PUT" or "POST" ? "{}" : null);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
    }
}
