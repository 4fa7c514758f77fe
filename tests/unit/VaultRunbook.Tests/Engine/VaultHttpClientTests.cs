using System.Net;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

public sealed class VaultHttpClientTests
{
    private const string Token = "hvs.TESTtokenNEVERshownXYZ123";

    private static VaultHttpClient ClientFor(string address, string? token = Token, string? ns = null, int attempts = 3) =>
        new(new VaultConnectionSettings
        {
            Address = new Uri(address),
            Token = token is null ? null : new SensitiveString(token),
            Namespace = ns,
            MaxAttempts = attempts,
            RetryDelay = TimeSpan.FromMilliseconds(5),
            Timeout = TimeSpan.FromSeconds(5),
        });

    [Theory]
    [InlineData("sys-health.active.200.json", 200, VaultNodeStatus.Active, false, "1.16.0-rc2")]
    [InlineData("sys-health.standby.429.json", 429, VaultNodeStatus.Standby, false, "1.19.0-beta1")]
    [InlineData("sys-health.sealed.503.json", 503, VaultNodeStatus.Sealed, true, "1.19.2")]
    [InlineData("sys-health.uninitialized.501.json", 501, VaultNodeStatus.NotInitialized, true, "1.13.1")]
    public async Task Health_fixtures_parse_into_states_not_errors(string fixture, int status, VaultNodeStatus expected, bool sealedExpected, string version)
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(status, RepoPaths.Fixture(fixture)));
        using var client = ClientFor(peer.Address);

        var health = await client.GetHealthAsync(new HealthQuery(), CancellationToken.None);

        Assert.Equal(expected, health.Status);
        Assert.Equal(status, health.StatusCode);
        Assert.Equal(sealedExpected, health.Sealed);
        Assert.Equal(version, health.Version);
        Assert.Equal(peer.Address, health.Address);
        Assert.Single(peer.Requests); // a state code is never retried
    }

    [Fact]
    public async Task Health_fields_come_through_from_the_active_fixture()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("sys-health.active.200.json")));
        using var client = ClientFor(peer.Address);

        var health = await client.GetHealthAsync(new HealthQuery(), CancellationToken.None);

        Assert.Equal("vault-cluster-e65c0563", health.ClusterName);
        Assert.False(string.IsNullOrEmpty(health.ClusterId));
        Assert.Equal("disabled", health.ReplicationPerformanceMode);
        Assert.NotNull(health.ServerTimeUtc);
        Assert.True(health.IsHealthy);
    }

    [Fact]
    public async Task Health_sends_query_flags_and_no_token_or_namespace()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("sys-health.active.200.json")));
        using var client = ClientFor(peer.Address, ns: "team-a");

        await client.GetHealthAsync(new HealthQuery { StandbyOk = true, PerfStandbyOk = true }, CancellationToken.None);

        var request = Assert.Single(peer.Requests);
        Assert.Equal("/v1/sys/health?standbyok=true&perfstandbyok=true", request.PathAndQuery);
        Assert.Equal("true", request.Headers["X-Vault-Request"]);
        Assert.False(request.Headers.ContainsKey("X-Vault-Token"));
        Assert.False(request.Headers.ContainsKey("X-Vault-Namespace"));
    }

    [Fact]
    public async Task Authenticated_requests_carry_token_namespace_and_request_headers()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("auth-token.lookup-self.200.json")));
        using var client = ClientFor(peer.Address, ns: "team-a");

        var response = await client.SendAsync(VaultRequest.Get("auth/token/lookup-self"), CancellationToken.None);

        var request = Assert.Single(peer.Requests);
        Assert.Equal(Token, request.Headers["X-Vault-Token"]);
        Assert.Equal("team-a", request.Headers["X-Vault-Namespace"]);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html", "HTML")]
    [InlineData("", "text/plain", "empty body")]
    [InlineData("{\"initialized\": tru", "application/json", "not JSON")]
    public async Task A_peer_that_is_not_vault_gives_InvalidResponse(string body, string contentType, string expectedReason)
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, body, contentType));
        using var client = ClientFor(peer.Address);

        var ex = await Assert.ThrowsAsync<VaultInvalidResponseException>(() => client.GetHealthAsync(new HealthQuery(), CancellationToken.None));

        Assert.Equal("VaultRunbook.Vault.InvalidResponse", ex.ErrorId);
        Assert.Contains(expectedReason, ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Vault_errors_are_carried_without_the_token()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(403, "{\"errors\":[\"1 error occurred:\\n\\t* permission denied\\n\\n\"]}\n"));
        using var client = ClientFor(peer.Address);

        var ex = await Assert.ThrowsAsync<VaultApiException>(() => client.SendAsync(VaultRequest.Get("secret/data/app"), CancellationToken.None));

        Assert.Equal("VaultRunbook.Vault.PermissionDenied", ex.ErrorId);
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.True(ex.Mentions("permission denied"));
        Assert.Contains("permission denied", ex.Message);
        Assert.DoesNotContain(Token, ex.Message);
        Assert.DoesNotContain("occurred", ex.Message);
        Assert.Single(peer.Requests); // 4xx is not retried
    }

    [Fact]
    public async Task Sealed_503_on_a_logical_path_has_its_own_id()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(503, "{\"errors\":[\"Vault is sealed\"]}"));
        using var client = ClientFor(peer.Address, attempts: 1);

        var ex = await Assert.ThrowsAsync<VaultApiException>(() => client.SendAsync(VaultRequest.Get("secret/data/app"), CancellationToken.None));

        Assert.Equal("VaultRunbook.Vault.Sealed", ex.ErrorId);
    }

    [Fact]
    public async Task Idempotent_calls_retry_5xx_and_412_then_succeed()
    {
        var calls = 0;
        using var peer = new FixturePeer(_ => Interlocked.Increment(ref calls) switch
        {
            1 => new PeerAnswer(502, "{\"errors\":[]}"),
            2 => new PeerAnswer(412, "{\"errors\":[\"index not yet satisfied\"]}"),
            _ => new PeerAnswer(200, RepoPaths.Fixture("sys-leader.200.json")),
        });
        using var client = ClientFor(peer.Address);

        var response = await client.SendAsync(VaultRequest.Get("sys/leader"), CancellationToken.None);

        Assert.Equal(3, response.Attempts);
        Assert.Equal(3, peer.Requests.Count);
    }

    [Fact]
    public async Task Retries_stop_after_three_attempts()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(500, "{\"errors\":[\"internal error\"]}"));
        using var client = ClientFor(peer.Address);

        var ex = await Assert.ThrowsAsync<VaultApiException>(() => client.SendAsync(VaultRequest.Get("sys/leader"), CancellationToken.None));

        Assert.Equal("VaultRunbook.Vault.ServerError", ex.ErrorId);
        Assert.Equal(3, peer.Requests.Count);
    }

    [Fact]
    public async Task A_non_idempotent_call_is_not_retried_on_5xx()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(500, "{\"errors\":[\"unable to retrieve stored keys\"]}"));
        using var client = ClientFor(peer.Address);

        await Assert.ThrowsAsync<VaultApiException>(() => client.SubmitUnsealKeyAsync(new string('a', 66), CancellationToken.None));

        Assert.Single(peer.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_unreachable_with_the_reason()
    {
        var address = $"http://127.0.0.1:{FixturePeer.FreePort()}";
        using var client = ClientFor(address);

        var ex = await Assert.ThrowsAsync<VaultUnreachableException>(() => client.GetHealthAsync(new HealthQuery(), CancellationToken.None));

        Assert.Equal("connection refused", ex.Reason);
        Assert.Equal("VaultRunbook.Vault.Unreachable", ex.ErrorId);
    }

    [Fact]
    public async Task A_standby_redirect_is_followed_with_the_token_resent()
    {
        using var active = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("auth-token.lookup-self.200.json")));
        using var standby = new FixturePeer(r => new PeerAnswer(307, null, null, new Dictionary<string, string> { ["Location"] = active.Address + r.PathAndQuery }));
        using var client = ClientFor(standby.Address);

        var response = await client.SendAsync(VaultRequest.Get("auth/token/lookup-self"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Token, Assert.Single(active.Requests).Headers["X-Vault-Token"]);
    }

    [Fact]
    public async Task Seal_status_fixture_parses()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, RepoPaths.Fixture("sys-seal-status.sealed-progress.200.json")));
        using var client = ClientFor(peer.Address);

        var status = await client.GetSealStatusAsync(CancellationToken.None);

        Assert.True(status.Sealed);
        Assert.Equal("shamir", status.Type);
        Assert.Equal(2, status.Threshold);
        Assert.Equal(3, status.Shares);
        Assert.Equal(1, status.Progress);
        Assert.Equal(string.Empty, status.Nonce); // as published: the doc sample shows progress 1 with an empty nonce
    }

    [Fact]
    public void Paths_are_escaped_per_segment()
    {
        var uri = VaultHttpClient.BuildUri(new Uri("https://vault:8200/"), new VaultRequest { Method = "GET", Path = "/secret/data/my app/x?y" });

        Assert.Equal("https://vault:8200/v1/secret/data/my%20app/x%3Fy", uri.AbsoluteUri);
    }
}
