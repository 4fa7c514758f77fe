using System.Text;
using VaultRunbook.Engine.Vault;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>Issue 9 item 13 and issue 16 item 9: answers that are not Vault's JSON.</summary>
public sealed class VaultAnswerTests
{
    private static VaultHttpClient ClientFor(string address, int attempts = 1) => new(new VaultConnectionSettings
    {
        Address = new Uri(address),
        MaxAttempts = attempts,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        Timeout = TimeSpan.FromSeconds(10),
    });

    [Fact]
    public async Task Prometheus_text_comes_back_as_text_when_the_request_accepts_it()
    {
        var metrics = RepoPaths.Fixture("sys-metrics.prometheus.200.prom");
        using var peer = new FixturePeer(_ => new PeerAnswer(200, metrics, "text/plain; version=0.0.4; charset=utf-8"));
        using var client = ClientFor(peer.Address);

        var response = await client.SendAsync(VaultRequest.Get("sys/metrics") with { AcceptNonJson = true }, CancellationToken.None);

        Assert.Equal(metrics, response.Text);
        Assert.Null(response.Body);
        Assert.Equal("text/plain", response.MediaType);
    }

    [Fact]
    public async Task A_binary_answer_comes_back_as_bytes()
    {
        var snapshot = new byte[] { 0x1f, 0x8b, 0x08, 0x00, 0xff, 0x00, 0x42 };
        using var peer = new RawHttpPeer(() => RawHttpPeer.Answer(200, "application/octet-stream", snapshot));
        using var client = ClientFor(peer.Address);

        var response = await client.SendAsync(VaultRequest.Get("sys/storage/raft/snapshot") with { AcceptNonJson = true }, CancellationToken.None);

        Assert.Equal(snapshot, response.Bytes);
    }

    [Fact]
    public async Task An_html_page_is_still_an_invalid_response_that_suggests_a_proxy()
    {
        using var peer = new FixturePeer(_ => new PeerAnswer(200, "<html><body>Login</body></html>", "text/html"));
        using var client = ClientFor(peer.Address);

        var ex = await Assert.ThrowsAsync<VaultInvalidResponseException>(() => client.SendAsync(VaultRequest.Get("sys/metrics") with { AcceptNonJson = true }, CancellationToken.None));

        Assert.Contains("proxy", ex.Message);
    }

    [Fact]
    public async Task An_empty_200_is_retried_and_then_reported_with_a_restart_in_mind()
    {
        var answers = 0;
        using var peer = new FixturePeer(_ => Interlocked.Increment(ref answers) == 1
            ? new PeerAnswer(200, string.Empty)
            : new PeerAnswer(200, RepoPaths.Fixture("sys-seal-status.unsealed.200.json")));
        using var retrying = ClientFor(peer.Address, attempts: 3);
        using var emptyOnly = new FixturePeer(_ => new PeerAnswer(200, string.Empty));
        using var once = ClientFor(emptyOnly.Address);

        var status = await retrying.GetSealStatusAsync(CancellationToken.None);
        var ex = await Assert.ThrowsAsync<VaultInvalidResponseException>(() => once.GetSealStatusAsync(CancellationToken.None));

        Assert.False(status.Sealed);
        Assert.Equal(2, peer.Requests.Count);
        Assert.Contains("empty body", ex.Message);
        Assert.Contains("restarting", ex.Message);
        Assert.DoesNotContain("load-balancer page", ex.Message);
    }
}
