using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using Polly;
using Polly.Retry;

namespace VaultRunbook.Engine.Vault;

/// <summary>
/// Vault's HTTP API over one pooled HttpClient per connection. Sends X-Vault-Token, X-Vault-Namespace and
/// X-Vault-Request; verifies TLS unless told not to (honouring a CA bundle); retries idempotent calls on
/// transient failures with exponential backoff and jitter; follows a standby's 307 by hand so the token is
/// re-sent, but only to the same scheme and host (or loopback to loopback); any other redirect is refused
/// (<see cref="VaultRedirectRefusedException"/>) so the token never goes to another host.
/// </summary>
public sealed class VaultHttpClient : IVaultClient
{
    private const int MaxRedirects = 3;
    private static readonly HttpMethod List = new("LIST");

    private readonly HttpClient _http;
    private readonly ResiliencePipeline<AttemptResult> _retryingPipeline;
    private readonly ResiliencePipeline<AttemptResult> _onceRefusedPipeline;
    private readonly X509Certificate2Collection? _trustedRoots;

    public VaultHttpClient(VaultConnectionSettings settings)
    {
        Settings = settings;
        _trustedRoots = LoadTrustedRoots(settings.CACertificatePath);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = settings.Timeout < TimeSpan.FromSeconds(30) ? settings.Timeout : TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 64,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = ValidateCertificate },
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        _retryingPipeline = BuildPipeline(settings, retryStatusCodes: true);
        _onceRefusedPipeline = BuildPipeline(settings, retryStatusCodes: false);
    }

    public VaultConnectionSettings Settings { get; }

    public async Task<VaultResponse> SendAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var attempts = 0;
        var pipeline = request.Idempotent ? _retryingPipeline : _onceRefusedPipeline;
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        AttemptResult result;
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                async (ctx, state) =>
                {
                    attempts++;
                    try
                    {
                        return Outcome.FromResult(await state.SendOnceAsync(request, ctx.CancellationToken).ConfigureAwait(false));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ctx.CancellationToken.IsCancellationRequested)
                    {
                        return Outcome.FromException<AttemptResult>(ex);
                    }
                },
                context,
                this).ConfigureAwait(false);
            outcome.ThrowIfException();
            result = outcome.Result!;
        }
        catch (HttpRequestException ex)
        {
            throw new VaultUnreachableException(Settings.AddressText, DescribeTransportFailure(ex), ex, mayHaveArrived: !NeverSent(ex)) { Attempts = attempts };
        }
        catch (AttemptTimeoutException ex)
        {
            throw new VaultUnreachableException(Settings.AddressText, $"no answer within {Settings.Timeout.TotalSeconds:0.#}s", ex) { Attempts = attempts };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        return Interpret(request, result, stopwatch.Elapsed, attempts);
    }

    public void Dispose() => _http.Dispose();

    private async Task<AttemptResult> SendOnceAsync(VaultRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Settings.Timeout);
        var uri = BuildUri(Settings.Address, request);
        try
        {
            for (var redirect = 0; ; redirect++)
            {
                using var message = BuildMessage(request, uri);
                var completion = request.ResponseSink is null ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead;
                using var response = await _http.SendAsync(message, completion, timeout.Token).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.TemporaryRedirect && response.Headers.Location is { } location && redirect < MaxRedirects)
                {
                    // A standby with forwarding off points at the active node; keep method, body and token, but only
                    // where the token may go.
                    var next = location.IsAbsoluteUri ? location : new Uri(uri, location);
                    if (!MayFollowWithToken(uri, next))
                    {
                        throw new VaultRedirectRefusedException(Settings.AddressText, request.Path.Trim('/'), next);
                    }

                    uri = next;
                    continue;
                }

                var status = (int)response.StatusCode;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (request.ResponseSink is { } sink && status is >= 200 and < 300 and not 204 && !IsJsonType(mediaType) && !IsHtmlType(mediaType))
                {
                    // A snapshot: straight from the socket to the caller's file, never whole in memory.
                    await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                    await sink(stream, timeout.Token).ConfigureAwait(false);
                    return new AttemptResult(status, [], mediaType, request.AcceptedStatusCodes?.Contains(status) == true) { Streamed = true };
                }

                var bytes = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
                return new AttemptResult(status, bytes, mediaType, request.AcceptedStatusCodes?.Contains(status) == true)
                {
                    // A 2xx with nothing where Vault always writes JSON: a node going down mid-answer (a restart)
                    // or a proxy without its upstream. Worth another attempt, and not a format fault.
                    EmptyAnswer = bytes.Length == 0 && status is >= 200 and < 300 and not 204 && !IsHead(request),
                };
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AttemptTimeoutException();
        }
    }

    /// <summary>
    /// Whether a 307 may be followed with X-Vault-Token: the same scheme (no https-to-http downgrade, nor the other
    /// way), and the same host, or loopback to loopback (sandbox and dev clusters on 127.0.0.1 with other ports).
    /// </summary>
    internal static bool MayFollowWithToken(Uri from, Uri to) =>
        string.Equals(from.Scheme, to.Scheme, StringComparison.OrdinalIgnoreCase)
        && (string.Equals(from.IdnHost, to.IdnHost, StringComparison.OrdinalIgnoreCase) || (from.IsLoopback && to.IsLoopback));

    private HttpRequestMessage BuildMessage(VaultRequest request, Uri uri)
    {
        var method = request.Method.ToUpperInvariant() switch
        {
            "LIST" => List,
            var other => new HttpMethod(other),
        };
        var message = new HttpRequestMessage(method, uri);
        VaultHeaders.Add(message.Headers, "X-Vault-Request", "true", "the client");
        if (request.Authenticated && Settings.Token is { } token)
        {
            VaultHeaders.Add(message.Headers, VaultHeaders.Token, token.Reveal(), Settings.TokenSource);
        }

        if (request.UseNamespace && !string.IsNullOrEmpty(Settings.Namespace))
        {
            VaultHeaders.Add(message.Headers, VaultHeaders.Namespace, Settings.Namespace, "-Namespace or VAULT_NAMESPACE");
        }

        if (request.RawBody is { } open)
        {
            message.Content = new StreamContent(open());
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        }
        else if (request.Body is { } body)
        {
            var contentType = method == HttpMethod.Patch ? "application/merge-patch+json" : "application/json";
            message.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return message;
    }

    private VaultResponse Interpret(VaultRequest request, AttemptResult result, TimeSpan elapsed, int attempts)
    {
        var address = Settings.AddressText;
        var success = result.Status is >= 200 and < 300 || result.Accepted;
        if (success && result.EmptyAnswer)
        {
            throw new VaultInvalidResponseException(address, request.Path, result.Status, "an empty body",
                "A node that is restarting answers this way for a moment, as does a proxy without its upstream: try again, and check that the address is a Vault node.");
        }

        var response = new VaultResponse { StatusCode = (HttpStatusCode)result.Status, Elapsed = elapsed, Address = address, Attempts = attempts, MediaType = result.MediaType };
        if (result.Streamed)
        {
            return response with { Streamed = true };
        }

        if (IsHead(request) || result.Status == 204)
        {
            return success ? response : throw ApiError(result.Status, request.Method, request.Path, null, address).AfterAttempts(attempts);
        }

        if (success && request.AcceptNonJson && !LooksLikeJson(result))
        {
            // Prometheus text from sys/metrics, a binary snapshot: what was asked for, as text or bytes.
            if (IsHtml(result))
            {
                throw new VaultInvalidResponseException(address, request.Path, result.Status, "an HTML or XML page");
            }

            return IsText(result)
                ? response with { Text = Encoding.UTF8.GetString(result.Bytes) }
                : response with { Bytes = result.Bytes };
        }

        var body = ParseBody(request, result, address, requireJson: success);
        return success ? response with { Body = body } : throw ApiError(result.Status, request.Method, request.Path, body, address).AfterAttempts(attempts);
    }

    private static bool IsHead(VaultRequest request) => string.Equals(request.Method, "HEAD", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeJson(AttemptResult result) =>
        IsJsonType(result.MediaType) || (result.MediaType is null && result.Text.TrimStart() is ['{' or '[', ..]);

    private static bool IsJsonType(string? type) =>
        type is not null && (type.EndsWith("/json", StringComparison.OrdinalIgnoreCase) || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static bool IsHtmlType(string? type) => type is "text/html" or "application/xhtml+xml";

    private static bool IsHtml(AttemptResult result) =>
        IsHtmlType(result.MediaType) || (IsText(result) && result.Text.TrimStart().StartsWith('<'));

    private static bool IsText(AttemptResult result) => result.MediaType switch
    {
        null => !result.Bytes.Contains((byte)0) && Utf8.IsValid(result.Bytes),
        var type => type.StartsWith("text/", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("xml", StringComparison.OrdinalIgnoreCase)
            || type is "application/yaml",
    };

    private static JsonElement? ParseBody(VaultRequest request, AttemptResult result, string address, bool requireJson)
    {
        if (string.IsNullOrWhiteSpace(result.Text))
        {
            // Vault sends an empty body on some errors (a KV patch of a missing secret): that is not a format fault.
            return requireJson ? throw new VaultInvalidResponseException(address, request.Path, result.Status, "an empty body") : null;
        }

        var trimmed = result.Text.TrimStart();
        if (trimmed.StartsWith('<'))
        {
            throw new VaultInvalidResponseException(address, request.Path, result.Status, "an HTML or XML page");
        }

        try
        {
            using var document = JsonDocument.Parse(result.Text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            if (result.MediaType is "text/plain" && !requireJson)
            {
                return null; // e.g. 400 "prometheus is not enabled" from sys/metrics
            }

            var what = IsText(result) ? "text that is not JSON" : $"{result.Bytes.Length} bytes of binary data";
            throw new VaultInvalidResponseException(address, request.Path, result.Status, what);
        }
    }

    /// <summary>Vault's error answer as an exception: its errors[] and a stable id by status.</summary>
    internal static VaultApiException ApiError(int status, string method, string path, JsonElement? body, string address)
    {
        var errors = body is { ValueKind: JsonValueKind.Object } b && b.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() ?? string.Empty : x.GetRawText()).ToArray()
            : Array.Empty<string>();
        return new VaultApiException(ErrorIdFor(status, errors), (HttpStatusCode)status, method.ToUpperInvariant(), path, errors, address);
    }

    internal static string ErrorIdFor(int status, IReadOnlyList<string> errors) => status switch
    {
        400 => "VaultRunbook.Vault.BadRequest",
        403 => "VaultRunbook.Vault.PermissionDenied",
        404 => "VaultRunbook.Vault.NotFound",
        405 => "VaultRunbook.Vault.MethodNotAllowed",
        429 => "VaultRunbook.Vault.RateLimited",
        503 when errors.Any(e => e.Contains("sealed", StringComparison.OrdinalIgnoreCase)) => "VaultRunbook.Vault.Sealed",
        503 => "VaultRunbook.Vault.Unavailable",
        >= 500 => "VaultRunbook.Vault.ServerError",
        _ => "VaultRunbook.Vault.RequestFailed",
    };

    internal static Uri BuildUri(Uri address, VaultRequest request)
    {
        var segments = request.Path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString);
        var builder = new StringBuilder(VaultAddress.Format(address)).Append("/v1/").Append(string.Join('/', segments));
        if (request.Query is { Count: > 0 } query)
        {
            builder.Append('?').Append(string.Join('&', query.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}")));
        }

        return new Uri(builder.ToString());
    }

    private static ResiliencePipeline<AttemptResult> BuildPipeline(VaultConnectionSettings settings, bool retryStatusCodes)
    {
        if (settings.MaxAttempts <= 1)
        {
            return ResiliencePipeline<AttemptResult>.Empty;
        }

        return new ResiliencePipelineBuilder<AttemptResult> { TimeProvider = settings.RetryClock }
            .AddRetry(new RetryStrategyOptions<AttemptResult>
            {
                Randomizer = settings.RetryJitter ?? (() => Random.Shared.NextDouble()),
                MaxRetryAttempts = settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryDelay,
                ShouldHandle = args => ValueTask.FromResult(retryStatusCodes ? IsTransient(args.Outcome) : IsRefused(args.Outcome)),
            })
            .Build();
    }

    // Transient: the connection failed or timed out, or the server said 5xx or 412 (DESIGN rule 9). A status the
    // request accepts as a state (sys/health's 503 sealed, 501 uninitialised) is an answer, not a failure.
    private static bool IsTransient(Outcome<AttemptResult> outcome) =>
        outcome.Exception is HttpRequestException or AttemptTimeoutException
        || outcome.Result is { Accepted: false, Status: >= 500 or 412 } or { EmptyAnswer: true };

    // A refused connection never reached the server, so even a non-idempotent call is safe to send again.
    private static bool IsRefused(Outcome<AttemptResult> outcome) =>
        outcome.Exception is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } };

    // Failures that happen before a request is on the wire: Vault cannot have seen it.
    private static bool NeverSent(HttpRequestException ex) =>
        ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }
            or AuthenticationException or CertificateRejectedException
        || ex.HttpRequestError is HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;

    private static string DescribeTransportFailure(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => "host name not resolved",
        SocketException { SocketErrorCode: SocketError.ConnectionReset } => "connection reset",
        SocketException s => $"socket error {s.SocketErrorCode}",
        CertificateRejectedException rejected => $"TLS: {rejected.Message}",
        AuthenticationException { InnerException: CertificateRejectedException rejected } => $"TLS: {rejected.Message}",
        AuthenticationException a => $"TLS handshake failed ({a.Message.TrimEnd('.')})",
        IOException => "connection closed before an answer",
        _ => ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "host name not resolved",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            HttpRequestError.ResponseEnded => "connection closed before an answer",
            _ => ex.Message.TrimEnd('.'),
        },
    };

    // Accepts what the system trusts or what chains to the CA bundle; anything else is refused with the actual
    // chain or name error, in the words of curl and the Vault CLI, instead of .NET's "rejected by the provided
    // RemoteCertificateValidationCallback".
    private bool ValidateCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (Settings.SkipCertificateCheck || errors == SslPolicyErrors.None)
        {
            return true;
        }

        var host = (sender as SslStream)?.TargetHostName is { Length: > 0 } target ? target : Settings.Address.IdnHost;
        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            throw new CertificateRejectedException($"the server at {host} sent no certificate");
        }

        using var leaf = new X509Certificate2(certificate);
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            throw new CertificateRejectedException(TlsDiagnostics.NameMismatch(leaf, host));
        }

        var statuses = chain?.ChainStatus ?? Array.Empty<X509ChainStatus>();
        if (_trustedRoots is not null)
        {
            using var customChain = new X509Chain();
            customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            customChain.ChainPolicy.CustomTrustStore.AddRange(_trustedRoots);
            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    customChain.ChainPolicy.ExtraStore.Add(element.Certificate);
                }
            }

            if (customChain.Build(leaf))
            {
                return true;
            }

            statuses = customChain.ChainStatus;
        }

        throw new CertificateRejectedException(TlsDiagnostics.ChainProblem(leaf, statuses, Settings.CACertificatePath));
    }

    private static X509Certificate2Collection? LoadTrustedRoots(string? path) =>
        path is null ? null : VaultCABundle.Load(path).Certificates;

    private sealed record AttemptResult(int Status, byte[] Bytes, string? MediaType, bool Accepted)
    {
        private string? _text;

        public string Text => _text ??= Encoding.UTF8.GetString(Bytes);

        public bool EmptyAnswer { get; init; }

        /// <summary>The body went to the request's sink.</summary>
        public bool Streamed { get; init; }
    }

    private sealed class AttemptTimeoutException : Exception
    {
    }
}
