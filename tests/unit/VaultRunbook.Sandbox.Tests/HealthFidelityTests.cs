using System.Net;
using System.Text.Json;

namespace VaultRunbook.Sandbox.Tests;

/// <summary>sys/health against vault-api-notes §1 and the real bodies in tests/fixtures/vault.</summary>
public sealed class HealthFidelityTests(ServerStatesFixture servers) : IClassFixture<ServerStatesFixture>
{
    /// <summary>Vault's HealthResponse struct order (http/sys_health.go).</summary>
    private static readonly string[] GoStructOrder =
    [
        "initialized", "sealed", "standby", "performance_standby", "replication_performance_mode",
        "replication_dr_mode", "server_time_utc", "version", "enterprise", "cluster_name", "cluster_id",
        "last_wal", "license", "echo_duration_ms", "clock_skew_ms", "replication_primary_canary_age_ms",
        "removed_from_cluster", "ha_connection_healthy", "last_request_forwarding_heartbeat_ms",
    ];

    // Expected status per state: Uninitialized, Sealed, Active, Standby, PerformanceStandby, DrSecondary.
    public static TheoryData<string, int[]> StatusCases => new()
    {
        { "", [501, 503, 200, 429, 473, 472] },
        { "standbyok=true", [501, 503, 200, 200, 473, 472] },
        { "perfstandbyok=true", [501, 503, 200, 429, 200, 472] },
        { "standbyok=true&perfstandbyok=true", [501, 503, 200, 200, 200, 472] },
        { "standbyok", [501, 503, 200, 429, 473, 472] },
        { "standbyok=", [501, 503, 200, 429, 473, 472] },
        { "perfstandbyok", [501, 503, 200, 429, 473, 472] },
        { "standbyok=1", [501, 503, 200, 200, 473, 472] },
        { "standbyok=T", [501, 503, 200, 200, 473, 472] },
        { "standbyok=False", [501, 503, 200, 429, 473, 472] },
        { "standbyok=true&standbyok=false", [501, 503, 200, 200, 473, 472] },
        { "activecode=299", [501, 503, 299, 429, 473, 472] },
        { "activecode=%2B201", [501, 503, 201, 429, 473, 472] },
        { "standbyok=true&activecode=299", [501, 503, 299, 299, 473, 472] },
        { "standbycode=201", [501, 503, 200, 201, 473, 472] },
        { "sealedcode=299", [501, 299, 200, 429, 473, 472] },
        { "uninitcode=299", [299, 503, 200, 429, 473, 472] },
        { "uninitcode=200&sealedcode=200&standbycode=200&performancestandbycode=200&drsecondarycode=200", [200, 200, 200, 200, 200, 200] },
        { "drsecondarycode=298", [501, 503, 200, 429, 473, 298] },
        { "drsecondarycode=298&standbyok=true&perfstandbyok=true", [501, 503, 200, 200, 200, 298] },
        { "performancestandbycode=297", [501, 503, 200, 429, 297, 472] },
        { "performancestandbycode=297&standbyok=true", [501, 503, 200, 200, 297, 472] },
        { "haunhealthycode=296&removedcode=295", [501, 503, 200, 429, 473, 472] },
        { "sealedcode=599&standbyok=true", [501, 599, 200, 200, 473, 472] },
        { "standbyok=yes", [400, 400, 400, 400, 400, 400] },
        { "perfstandbyok=2", [400, 400, 400, 400, 400, 400] },
        { "activecode=abc", [400, 400, 400, 400, 400, 400] },
        { "sealedcode=", [400, 400, 400, 400, 400, 400] },
        { "standbycode=1.5", [400, 400, 400, 400, 400, 400] },
        { "uninitcode=5xx", [400, 400, 400, 400, 400, 400] },
        { "drsecondarycode=x", [400, 400, 400, 400, 400, 400] },
        { "performancestandbycode=x", [400, 400, 400, 400, 400, 400] },
        { "haunhealthycode=x", [400, 400, 400, 400, 400, 400] },
        { "removedcode=x", [400, 400, 400, 400, 400, 400] },
        { "standbyok=true&activecode=abc", [400, 400, 400, 400, 400, 400] },
    };

    [Theory]
    [MemberData(nameof(StatusCases))]
    public async Task Get_status_follows_Vaults_precedence(string query, int[] expected)
    {
        ServerState[] states = Enum.GetValues<ServerState>();
        for (int i = 0; i < states.Length; i++)
        {
            ApiResponse response = await servers[states[i]].CallAsync("GET", "/v1/sys/health?" + query);
            Assert.True(expected[i] == response.Code, $"{states[i]} ?{query}: expected {expected[i]}, got {response.Code}");
            Assert.Equal("application/json", response.ContentType);
            Assert.True(response.NoStore);
            Assert.EndsWith("\n", response.Raw);
            if (response.Code == 400)
            {
                Assert.Equal("{\"errors\":[]}\n", response.Raw);
            }
            else
            {
                Assert.Equal(states[i] != ServerState.Uninitialized, response.Json.GetProperty("initialized").GetBoolean());
            }
        }
    }

    [Theory]
    [MemberData(nameof(StatusCases))]
    public async Task Head_has_the_same_status_and_no_body(string query, int[] expected)
    {
        ServerState[] states = Enum.GetValues<ServerState>();
        for (int i = 0; i < states.Length; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, "/v1/sys/health?" + query);
            using HttpResponseMessage response = await servers[states[i]].Http.SendAsync(request);
            Assert.Equal(expected[i], (int)response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.CacheControl?.NoStore);
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_code_that_is_no_HTTP_status_drops_the_connection_like_Go()
    {
        // Vault writes whatever integer it is given; Go's WriteHeader panics outside 100..999.
        await Assert.ThrowsAsync<HttpRequestException>(() => servers[ServerState.Active].Http.GetAsync("/v1/sys/health?activecode=42"));
        ApiResponse sealedNode = await servers[ServerState.Sealed].CallAsync("GET", "/v1/sys/health?activecode=42");
        Assert.Equal(503, sealedNode.Code);
    }

    [Fact]
    public async Task A_204_code_sends_no_body()
    {
        ApiResponse response = await servers[ServerState.Active].CallAsync("GET", "/v1/sys/health?activecode=204");
        Assert.Equal(HttpStatusCode.NoContent, response.Status);
        Assert.Equal(string.Empty, response.Raw);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("LIST")]
    [InlineData("PATCH")]
    public async Task Other_methods_get_405(string method)
    {
        ApiResponse response = await servers[ServerState.Active].CallAsync(method, "/v1/sys/health", json: "{}");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.Status);
        Assert.Equal("{\"errors\":[]}\n", response.Raw);
    }

    [Theory]
    [InlineData(ServerState.Active, "sys-health.active.200.json", 200)]
    [InlineData(ServerState.Standby, "sys-health.standby.429.json", 429)]
    [InlineData(ServerState.Sealed, "sys-health.sealed.503.json", 503)]
    [InlineData(ServerState.Uninitialized, "sys-health.uninitialized.501.json", 501)]
    public async Task Body_has_every_field_of_the_real_sample_with_the_same_types(ServerState state, string fixture, int status)
    {
        ApiResponse response = await servers[state].CallAsync("GET", "/v1/sys/health");

        Assert.Equal(status, response.Code);
        Fixtures.AssertCovers(Fixtures.Load(fixture), response.Json, fixture);
        Fixtures.AssertInOrder(response.Keys, GoStructOrder);
    }

    [Theory]
    [InlineData(ServerState.Uninitialized, "initialized,sealed,standby,performance_standby,replication_performance_mode,replication_dr_mode,server_time_utc,version,enterprise,echo_duration_ms,clock_skew_ms,replication_primary_canary_age_ms,removed_from_cluster")]
    [InlineData(ServerState.Sealed, "initialized,sealed,standby,performance_standby,replication_performance_mode,replication_dr_mode,server_time_utc,version,enterprise,echo_duration_ms,clock_skew_ms,replication_primary_canary_age_ms,removed_from_cluster")]
    [InlineData(ServerState.Active, "initialized,sealed,standby,performance_standby,replication_performance_mode,replication_dr_mode,server_time_utc,version,enterprise,cluster_name,cluster_id,echo_duration_ms,clock_skew_ms,replication_primary_canary_age_ms,removed_from_cluster")]
    [InlineData(ServerState.DrSecondary, "initialized,sealed,standby,performance_standby,replication_performance_mode,replication_dr_mode,server_time_utc,version,enterprise,cluster_name,cluster_id,echo_duration_ms,clock_skew_ms,replication_primary_canary_age_ms,removed_from_cluster")]
    [InlineData(ServerState.Standby, "initialized,sealed,standby,performance_standby,replication_performance_mode,replication_dr_mode,server_time_utc,version,enterprise,cluster_name,cluster_id,echo_duration_ms,clock_skew_ms,replication_primary_canary_age_ms,removed_from_cluster,ha_connection_healthy,last_request_forwarding_heartbeat_ms")]
    [InlineData(ServerState.PerformanceStandby, "initialized,sealed,standby,performance_standby,replication_performance_mode,replication_dr_mode,server_time_utc,version,enterprise,cluster_name,cluster_id,echo_duration_ms,clock_skew_ms,replication_primary_canary_age_ms,removed_from_cluster,ha_connection_healthy,last_request_forwarding_heartbeat_ms")]
    public async Task Body_fields_come_in_Go_struct_order(ServerState state, string fields)
    {
        ApiResponse response = await servers[state].CallAsync("GET", "/v1/sys/health?uninitcode=200&sealedcode=200&standbycode=200&performancestandbycode=200&drsecondarycode=200");
        Assert.Equal(fields.Split(','), response.Keys);
    }

    [Theory]
    [InlineData(ServerState.Uninitialized, false, true, true, false, "unknown", "unknown")]
    [InlineData(ServerState.Sealed, true, true, true, false, "unknown", "unknown")]
    [InlineData(ServerState.Active, true, false, false, false, "disabled", "disabled")]
    [InlineData(ServerState.Standby, true, false, true, false, "disabled", "disabled")]
    [InlineData(ServerState.PerformanceStandby, true, false, true, true, "disabled", "disabled")]
    [InlineData(ServerState.DrSecondary, true, false, false, false, "disabled", "secondary")]
    public async Task Body_values_describe_the_state(ServerState state, bool initialized, bool sealedFlag, bool standby, bool perfStandby, string perfMode, string drMode)
    {
        JsonElement body = (await servers[state].CallAsync("GET", "/v1/sys/health?uninitcode=200&sealedcode=200")).Json;

        Assert.Equal(initialized, body.GetProperty("initialized").GetBoolean());
        Assert.Equal(sealedFlag, body.GetProperty("sealed").GetBoolean());
        Assert.Equal(standby, body.GetProperty("standby").GetBoolean());
        Assert.Equal(perfStandby, body.GetProperty("performance_standby").GetBoolean());
        Assert.Equal(perfMode, body.GetProperty("replication_performance_mode").GetString());
        Assert.Equal(drMode, body.GetProperty("replication_dr_mode").GetString());
        Assert.Equal("1.19.0", body.GetProperty("version").GetString());
        Assert.False(body.GetProperty("enterprise").GetBoolean());
        Assert.InRange(body.GetProperty("server_time_utc").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds());
        Assert.Equal(!sealedFlag, body.TryGetProperty("cluster_name", out _));
        Assert.Equal(!sealedFlag, body.TryGetProperty("cluster_id", out _));
        if (!sealedFlag)
        {
            Assert.Matches("^vault-cluster-[0-9a-f]{8}$", body.GetProperty("cluster_name").GetString());
            Assert.True(Guid.TryParse(body.GetProperty("cluster_id").GetString(), out _));
        }
    }

    [Fact]
    public async Task The_role_knob_changes_the_answer_while_running()
    {
        using SandboxHarness harness = await HarnessStates.StartInAsync(ServerState.Active);
        Assert.Equal(200, (await harness.CallAsync("GET", "/v1/sys/health")).Code);
        harness.Sandbox.Role = SandboxRole.Standby;
        Assert.Equal(429, (await harness.CallAsync("GET", "/v1/sys/health")).Code);
        harness.Sandbox.Role = SandboxRole.PerformanceStandby;
        Assert.Equal(473, (await harness.CallAsync("GET", "/v1/sys/health?standbyok=true")).Code);
        harness.Sandbox.Role = SandboxRole.DrSecondary;
        Assert.Equal(472, (await harness.CallAsync("GET", "/v1/sys/health")).Code);
        harness.Sandbox.Role = SandboxRole.Active;
        Assert.Equal(200, (await harness.CallAsync("GET", "/v1/sys/health")).Code);
        Assert.Throws<ArgumentOutOfRangeException>(() => harness.Sandbox.Role = (SandboxRole)42);
    }
}
