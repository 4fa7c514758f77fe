using System.Net;
using System.Net.Http.Headers;
using System.Text;
using VaultRunbook.Engine.Leaks;

namespace VaultRunbook.Engine.Notifications;

/// <summary>
/// Posts one webhook message. A 5xx or 429 answer and a connection failure are retried, at most
/// <see cref="MaxAttempts"/> attempts in all; the wait honours Retry-After (seconds or an HTTP date), else doubles
/// from one second with ±25% jitter (DESIGN rule 9), and is never longer than <see cref="MaxDelay"/>. Any other 4xx is the webhook refusing the
/// message (a revoked URL, a bad payload) and is not retried; neither is a timeout, after which the message may
/// have arrived (a retry could post it twice). Waits go through <see cref="TimeProvider"/>, so tests record them
/// instead of sleeping. Nothing here ever shows the URI beyond scheme://host.
/// </summary>
public sealed class WebhookSender
{
    public const string RejectedErrorId = "VaultRunbook.Notification.Rejected";
    public const string FailedErrorId = "VaultRunbook.Notification.Failed";
    public const string UnreachableErrorId = "VaultRunbook.Notification.Unreachable";
    public const string TimeoutErrorId = "VaultRunbook.Notification.Timeout";

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http;
    private readonly TimeProvider _clock;

    public WebhookSender(HttpClient http, TimeProvider clock)
    {
        _http = http;
        _clock = clock;
    }

    public int MaxAttempts { get; init; } = 3;

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The backoff's jitter source, numbers in [0, 1); 0.5 means none (tests fix it).</summary>
    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>Sends <paramref name="json"/>; the result says whether it went, and if not, why (ErrorId, Message).</summary>
    public async Task<NotificationResult> SendAsync(WebhookEndpoint endpoint, string json, NotificationResult template, CancellationToken cancellationToken)
    {
        var waits = new List<TimeSpan>();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Reveal()) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            // A fresh connection per attempt: a retry never lands on a pooled connection the webhook closed after refusing.
            request.Headers.ConnectionClose = true;
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                // HttpClient's message names host and port at most; the reason is taken by name only to be sure.
                var reason = ex.HttpRequestError.ToString();
                if (attempt < MaxAttempts)
                {
                    await WaitAsync(waits, Backoff(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return Failed(template, attempt, null, waits, UnreachableErrorId, $"The webhook {endpoint.Display} could not be reached ({reason}) after {attempt} attempt(s).");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed(template, attempt, null, waits, TimeoutErrorId, $"The webhook {endpoint.Display} did not answer in time (attempt {attempt}); not retried, as the message may have arrived.");
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    return template with { Sent = true, Attempts = attempt, StatusCode = status, Waits = waits };
                }

                var transient = status >= 500 || response.StatusCode == HttpStatusCode.TooManyRequests;
                if (transient && attempt < MaxAttempts)
                {
                    await WaitAsync(waits, RetryAfter(response.Headers.RetryAfter) ?? Backoff(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var said = await AnswerText(response, endpoint, cancellationToken).ConfigureAwait(false);
                return transient
                    ? Failed(template, attempt, status, waits, FailedErrorId, $"The webhook {endpoint.Display} answered {status} to each of {attempt} attempt(s){said}.")
                    : Failed(template, attempt, status, waits, RejectedErrorId, $"The webhook {endpoint.Display} refused the message with {status}{said}; not retried.");
            }
        }
    }

    private static NotificationResult Failed(NotificationResult template, int attempts, int? status, List<TimeSpan> waits, string errorId, string message) =>
        template with { Sent = false, Attempts = attempts, StatusCode = status, Waits = waits, ErrorId = errorId, Message = message };

    private TimeSpan Backoff(int attempt) => FirstBackoff * (Math.Pow(2, attempt - 1) * (0.75 + (0.5 * Jitter())));

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header)
    {
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        return header?.Date is { } date ? date - _clock.GetUtcNow() : null;
    }

    private async Task WaitAsync(List<TimeSpan> waits, TimeSpan wanted, CancellationToken cancellationToken)
    {
        var wait = wanted < TimeSpan.Zero ? TimeSpan.Zero : wanted > MaxDelay ? MaxDelay : wanted;
        waits.Add(wait);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    // Slack answers a refusal with a short reason (invalid_payload, no_service, channel_not_found): worth showing,
    // cut short, with token-looking values masked and the URI (should a peer echo it) reduced to scheme://host.
    private static async Task<string> AnswerText(HttpResponseMessage response, WebhookEndpoint endpoint, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var uri = endpoint.Reveal();
        text = text.Replace(uri.AbsoluteUri, endpoint.Display, StringComparison.OrdinalIgnoreCase);
        if (uri.AbsolutePath.Length > 1)
        {
            text = text.Replace(uri.AbsolutePath, "/…", StringComparison.OrdinalIgnoreCase);
        }

        text = TokenPatterns.Redact(new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim());
        return text.Length == 0 ? string.Empty : $": {(text.Length > 200 ? text[..200] + "…" : text)}";
    }
}
