using System.Text.Json;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Notifications;
using System.Collections.Concurrent;
using VaultRunbook.Tests.Support;
using Xunit;

namespace VaultRunbook.Tests.Engine;

/// <summary>
/// The webhook sender against a loopback listener, with a recording clock: which answers are retried, how long each
/// wait is (Retry-After in seconds or as an HTTP date, capped; else the backoff), and that the URI's path never shows.
/// </summary>
public sealed class WebhookSenderTests : IDisposable
{
    private const string SecretPath = "T0001/B0002/pathsecretXYZ123";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 14, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentQueue<PeerAnswer> _answers = new();
    private readonly FixturePeer _peer;
    private readonly HttpClient _http = new();
    private readonly RecordingClock _clock = new() { Now = Now };
    private double _jitter = 0.5; // no jitter: the backoff is exactly 1 s, 2 s, 4 s

    public WebhookSenderTests()
    {
        _peer = new FixturePeer(_ => _answers.TryDequeue(out var next) ? next : new PeerAnswer(200, "ok", "text/plain"));
    }

    // The next scripted answer; once they run out the peer answers 200 "ok", as Slack does.
    private void Answer(int status, string body = "", params (string Name, string Value)[] headers) =>
        _answers.Enqueue(new PeerAnswer(status, body, "text/plain", headers.ToDictionary(h => h.Name, h => h.Value)));

    public void Dispose()
    {
        _peer.Dispose();
        _http.Dispose();
    }

    private NotificationResult Send(int maxAttempts = 3, int maxDelaySeconds = 60)
    {
        var sender = new WebhookSender(_http, _clock) { MaxAttempts = maxAttempts, MaxDelay = TimeSpan.FromSeconds(maxDelaySeconds), Jitter = () => _jitter };
        var endpoint = WebhookEndpoint.Parse($"{_peer.Address}/services/{SecretPath}", allowInsecure: false);
        var json = NotificationMessage.Build("drill", null, [new NotificationLine("Test", "one line")]);
        var template = new NotificationResult { Sent = false, Attempts = 0, Objects = 1, Endpoint = endpoint.Display, Title = "drill" };
        return sender.SendAsync(endpoint, json, template, CancellationToken.None).GetAwaiter().GetResult();
    }

    [Fact]
    public void A_503_then_a_429_with_Retry_After_1_then_200_takes_3_attempts_and_the_waits_are_recorded()
    {
        Answer(503);
        Answer(429, "rate_limited", ("Retry-After", "1"));
        Answer(200, "ok");

        var result = Send();

        Assert.True(result.Sent, result.Message);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(200, result.StatusCode);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)], result.Waits); // the backoff's first second, then Retry-After: 1
        Assert.Equal(result.Waits, _clock.Delays);
        Assert.Equal(3, _peer.Requests.Count);
        Assert.All(_peer.Requests, r => Assert.Equal(_peer.Requests.First().Body, r.Body)); // the same one message each time
        Assert.All(_peer.Requests, r => Assert.Equal("/services/" + SecretPath, r.AbsolutePath));
    }

    [Fact]
    public void Retry_After_in_seconds_is_honoured_and_capped()
    {
        Answer(503, "", ("Retry-After", "7"));
        Answer(503, "", ("Retry-After", "3600"));

        var result = Send(maxDelaySeconds: 30);

        Assert.True(result.Sent, result.Message);
        Assert.Equal([TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(30)], result.Waits);
        Assert.Equal(result.Waits, _clock.Delays);
    }

    [Fact]
    public void Retry_After_as_an_HTTP_date_waits_until_that_date_by_the_clock()
    {
        Answer(429, "", ("Retry-After", Now.AddSeconds(20).ToString("r", System.Globalization.CultureInfo.InvariantCulture)));
        Answer(429, "", ("Retry-After", Now.AddSeconds(-5).ToString("r", System.Globalization.CultureInfo.InvariantCulture)));

        var result = Send();

        Assert.True(result.Sent, result.Message);
        Assert.Equal([TimeSpan.FromSeconds(20), TimeSpan.Zero], result.Waits); // a date already past: no wait
        Assert.Equal([TimeSpan.FromSeconds(20)], _clock.Delays);
    }

    [Fact]
    public void A_400_is_not_retried_and_the_error_shows_only_scheme_and_host()
    {
        Answer(400, $"invalid_payload for /services/{SecretPath}");

        var result = Send();

        Assert.False(result.Sent);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(400, result.StatusCode);
        Assert.Equal(WebhookSender.RejectedErrorId, result.ErrorId);
        Assert.Single(_peer.Requests);
        Assert.Empty(_clock.Delays);
        Assert.Contains(_peer.Address, result.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_payload", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pathsecretXYZ123", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("pathsecretXYZ123", result.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Five_hundreds_until_the_last_attempt_fail_with_the_last_status()
    {
        Answer(500);
        Answer(502);
        Answer(503);

        var result = Send();

        Assert.False(result.Sent);
        Assert.Equal(3, result.Attempts);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal(WebhookSender.FailedErrorId, result.ErrorId);
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)], result.Waits);
    }

    [Fact]
    public void The_backoff_without_Retry_After_is_jittered_by_a_quarter_either_way()
    {
        _jitter = 0;
        Answer(503);
        Answer(503);

        var low = Send();

        _jitter = 0.999;
        Answer(503);

        var high = Send(maxAttempts: 2);

        Assert.Equal([TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1.5)], low.Waits);
        Assert.InRange(Assert.Single(high.Waits).TotalSeconds, 1.24, 1.25);
    }

    [Fact]
    public async Task A_closed_port_is_retried_then_reported_unreachable_without_the_path()
    {
        string closed;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            closed = $"http://127.0.0.1:{((System.Net.IPEndPoint)probe.LocalEndpoint).Port}/services/{SecretPath}";
        }

        var sender = new WebhookSender(_http, _clock) { MaxAttempts = 2 };
        var endpoint = WebhookEndpoint.Parse(closed, allowInsecure: false);
        var template = new NotificationResult { Sent = false, Attempts = 0, Objects = 0, Endpoint = endpoint.Display, Title = "t" };
        var result = await sender.SendAsync(endpoint, "{}", template, CancellationToken.None);

        Assert.False(result.Sent);
        Assert.Equal(2, result.Attempts);
        Assert.Equal(WebhookSender.UnreachableErrorId, result.ErrorId);
        Assert.DoesNotContain("pathsecretXYZ123", result.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://hooks.example.com/services/T0/B0/secret", false, WebhookEndpoint.InsecureUriErrorId)]
    [InlineData("ftp://hooks.example.com/services/T0/B0/secret", false, WebhookEndpoint.InvalidUriErrorId)]
    [InlineData("hooks.example.com/services/T0/B0/secret", false, WebhookEndpoint.InvalidUriErrorId)]
    public void A_bad_or_insecure_uri_is_refused_without_showing_its_path(string uri, bool allowInsecure, string errorId)
    {
        var error = Assert.Throws<ConfigurationException>(() => WebhookEndpoint.Parse(uri, allowInsecure));

        Assert.Equal(errorId, error.ErrorId);
        Assert.DoesNotContain("B0/secret", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/services/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/services/", error.Target?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hooks.slack.com/services/T0/B0/secret", false, "https://hooks.slack.com")]
    [InlineData("http://hooks.example.com:8080/services/T0/B0/secret", true, "http://hooks.example.com:8080")]
    [InlineData("http://localhost:9000/hook", false, "http://localhost:9000")]
    [InlineData("http://user:pw@[::1]:9000/hook?token=x", false, "http://[::1]:9000")]
    public void An_accepted_uri_displays_as_scheme_and_host_only(string uri, bool allowInsecure, string display)
    {
        var endpoint = WebhookEndpoint.Parse(uri, allowInsecure);

        Assert.Equal(display, endpoint.Display);
        Assert.Equal(display, endpoint.ToString());
    }

    [Fact]
    public void The_message_masks_planted_tokens_and_keeps_the_slack_shape()
    {
        var vaultToken = "hvs.CAESIJ" + new string('q', 40);
        var pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----";
        var json = NotificationMessage.Build(
            "Rotation <done> & checked",
            "#docugen-alerts",
            [new NotificationLine("SecretRotation", $"rotated with {vaultToken}"), new NotificationLine("Note", pem), new NotificationLine("Aws", "key AKIAIOSFODNN7EXAMPLE used")]);

        Assert.DoesNotContain(vaultToken[4..], json, StringComparison.Ordinal);
        Assert.DoesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", json, StringComparison.Ordinal);
        Assert.DoesNotContain("IOSFODNN7EXAMPLE", json, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("#docugen-alerts", root.GetProperty("channel").GetString());
        Assert.StartsWith("Rotation <done> & checked\nSecretRotation: rotated with hvs.***", root.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(4, blocks.Count);
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Equal("*SecretRotation*: rotated with hvs.***", blocks[1].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("*Note*: ----***", blocks[2].GetProperty("text").GetProperty("text").GetString());
        Assert.Equal("*Aws*: key AKIA*** used", blocks[3].GetProperty("text").GetProperty("text").GetString());
    }

    [Fact]
    public void More_objects_than_Slack_takes_blocks_for_end_with_a_count()
    {
        var lines = Enumerable.Range(1, 60).Select(i => new NotificationLine("Item", $"number {i}")).ToList();

        using var doc = JsonDocument.Parse(NotificationMessage.Build("many", null, lines));

        var blocks = doc.RootElement.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(50, blocks.Count);
        Assert.Equal("and 12 more", blocks[^1].GetProperty("elements")[0].GetProperty("text").GetString());
        Assert.Equal(61, doc.RootElement.GetProperty("text").GetString()!.Split('\n').Length);
        Assert.False(doc.RootElement.TryGetProperty("channel", out _));
    }
}
