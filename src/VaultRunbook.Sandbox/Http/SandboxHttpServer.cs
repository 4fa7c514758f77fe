using System.Net;
using System.Net.Sockets;
using System.Text;
using VaultRunbook.Sandbox.Core;

namespace VaultRunbook.Sandbox.Http;

/// <summary>
/// Serves the dispatcher over System.Net.HttpListener on 127.0.0.1 (the ASP.NET Core framework is
/// not available inside pwsh). Every request runs on its own task, so many clients are served at once.
/// </summary>
internal sealed class SandboxHttpServer : IDisposable
{
    private const int FreePortAttempts = 5;

    private readonly HttpListener _listener;
    private readonly SandboxKnobs _knobs;
    private readonly CancellationTokenSource _stopping = new();
    private SandboxDispatcher? _dispatcher;
    private Task? _acceptLoop;
    private int _stopped;
    private int _inFlight;

    private SandboxHttpServer(HttpListener listener, int port, SandboxKnobs knobs)
    {
        _listener = listener;
        Port = port;
        _knobs = knobs;
    }

    public int Port { get; }

    /// <summary>
    /// Binds 127.0.0.1:<paramref name="port"/> (0 = a free port). Connections that arrive before
    /// <see cref="Start"/> wait in the backlog.
    /// </summary>
    public static SandboxHttpServer Bind(int port, SandboxKnobs knobs)
    {
        if (port != 0)
        {
            return new SandboxHttpServer(BindListener(port), port, knobs);
        }

        for (int attempt = 1; ; attempt++)
        {
            int candidate = PickFreePort();
            try
            {
                return new SandboxHttpServer(BindListener(candidate), candidate, knobs);
            }
            catch (SandboxPortInUseException) when (attempt < FreePortAttempts)
            {
                // Another process took the port between the probe and the bind: try another.
            }
        }
    }

    public void Start(SandboxDispatcher dispatcher)
    {
        _dispatcher = dispatcher;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Stops accepting, cancels pending latency delays and releases the port. Idempotent.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        // Cancel first so requests waiting on latency drop their connection themselves (closing the
        // listener would answer them with an empty 200), then give in-flight work a moment to end.
        _stopping.Cancel();
        var drain = System.Diagnostics.Stopwatch.StartNew();
        while (Volatile.Read(ref _inFlight) > 0 && drain.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(5);
        }

        try
        {
            _listener.Close();
        }
        catch (ObjectDisposedException)
        {
        }

        try
        {
            _acceptLoop?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
        }
    }

    public void Dispose() => Stop();

    private static int PickFreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        try
        {
            return ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        finally
        {
            probe.Stop();
        }
    }

    private static HttpListener BindListener(int port)
    {
        // A plain socket bind tells "in use" apart from other failures, whoever holds the port.
        var probe = new TcpListener(IPAddress.Loopback, port);
        try
        {
            probe.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new SandboxPortInUseException(port, e);
        }
        finally
        {
            probe.Stop();
        }

        var listener = new HttpListener { IgnoreWriteExceptions = true };
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        if (LocalhostIsIPv4Loopback())
        {
            // Lets clients that say Host: localhost in; it binds the same 127.0.0.1 socket.
            listener.Prefixes.Add($"http://localhost:{port}/");
        }

        try
        {
            listener.Start();
            return listener;
        }
        catch (HttpListenerException e) when (e.ErrorCode is 98 or 48 or 10048 or 183 or 32 or 400)
        {
            // EADDRINUSE (Linux 98, macOS 48, Windows 10048), ERROR_ALREADY_EXISTS/SHARING_VIOLATION,
            // or "conflicts with an existing registration" (another listener in this process).
            listener.Close();
            throw new SandboxPortInUseException(port, e);
        }
        catch
        {
            listener.Close();
            throw;
        }
    }

    private static bool LocalhostIsIPv4Loopback()
    {
        try
        {
            IPAddress[] addresses = Dns.GetHostAddresses("localhost");
            return addresses.Length > 0 && addresses[0].Equals(IPAddress.Loopback);
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task AcceptLoopAsync()
    {
        // Accepts until the listener is closed, even while stopping: a request that arrives then is aborted
        // (HandleAsync sees the stop), where one left queued would be answered by Close with an empty 200, which
        // no Vault ever sends.
        while (true)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException || _stopping.IsCancellationRequested)
            {
                return;
            }
            catch (HttpListenerException)
            {
                continue;
            }

            // Counted before it is handed off, so Stop never closes the listener under it.
            Interlocked.Increment(ref _inFlight);
            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        CancellationToken stopping = _stopping.Token;
        try
        {
            stopping.ThrowIfCancellationRequested();
            IReadOnlyList<SandboxFault> faults = _knobs.ActiveFaults(IsHealthRequest(context.Request));
            TimeSpan latency = _knobs.Latency;
            foreach (SandboxFault fault in faults.Where(f => f.Kind == SandboxFaultKind.Latency))
            {
                latency += fault.Latency;
            }

            if (latency > TimeSpan.Zero)
            {
                await DelayAtLeastAsync(latency, stopping).ConfigureAwait(false);
            }

            SandboxFault? failure = faults.FirstOrDefault(f => f.Kind is SandboxFaultKind.Drop or SandboxFaultKind.Status);
            if (failure is { Kind: SandboxFaultKind.Drop })
            {
                Abort(context);
                return;
            }

            if (failure is not null)
            {
                await WriteAsync(context, SandboxResponse.Errors(failure.StatusCode, failure.Messages), context.Request.HttpMethod == "HEAD").ConfigureAwait(false);
                return;
            }

            SandboxRequest? request = await SandboxRequest.ReadAsync(context.Request, stopping).ConfigureAwait(false);
            SandboxResponse response = request is null
                ? SandboxResponse.Errors(413, "http: request body too large")
                : await _dispatcher!.DispatchAsync(request).ConfigureAwait(false);
            await WriteAsync(context, response, context.Request.HttpMethod == "HEAD").ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            Abort(context);
        }
        catch (Exception)
        {
            // Never echo the exception: it could hold request data. Vault says "internal error" too.
            try
            {
                await WriteAsync(context, SandboxResponse.Errors(500, "internal error"), isHead: false).ConfigureAwait(false);
            }
            catch (Exception)
            {
                Abort(context);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Task.Delay runs on a millisecond tick and can end a fraction early; this never does.</summary>
    private static async Task DelayAtLeastAsync(TimeSpan latency, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (TimeSpan left = latency; left > TimeSpan.Zero; left = latency - watch.Elapsed)
        {
            await Task.Delay(left < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : left, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsHealthRequest(HttpListenerRequest request)
    {
        string raw = request.RawUrl ?? "/";
        int question = raw.IndexOf('?', StringComparison.Ordinal);
        return (question < 0 ? raw : raw[..question]) == "/v1/sys/health";
    }

    private static async Task WriteAsync(HttpListenerContext context, SandboxResponse response, bool isHead)
    {
        if (response.Status is < 100 or > 999)
        {
            // Go's ResponseWriter.WriteHeader panics on such a code and net/http drops the connection.
            Abort(context);
            return;
        }

        HttpListenerResponse http = context.Response;
        http.StatusCode = response.Status;
        if (string.IsNullOrEmpty(http.StatusDescription))
        {
            http.StatusDescription = $"status code {response.Status}";
        }

        http.ContentType = response.ContentType;
        http.Headers["Cache-Control"] = "no-store";
        if (response.Location is not null)
        {
            http.RedirectLocation = response.Location;
        }

        // As Go's net/http: no body for HEAD, nor for a status that cannot carry one (1xx, 204, 304).
        bool bodyAllowed = !isHead && response.Status is >= 200 and not 204 and not 304;
        if (response.ContentDisposition is { } disposition)
        {
            http.Headers["Content-Disposition"] = disposition;
        }

        byte[] body = !bodyAllowed ? [] : response.Bytes ?? (response.Body is null ? [] : Encoding.UTF8.GetBytes(response.Body));
        http.ContentLength64 = body.Length;
        if (body.Length > 0)
        {
            await http.OutputStream.WriteAsync(body).ConfigureAwait(false);
        }

        http.Close();
    }

    /// <summary>
    /// Ends the exchange as a transport failure. HttpListener has no way to close the socket before
    /// the status line, so it announces a body it never sends: clients see a truncated response.
    /// </summary>
    private static void Abort(HttpListenerContext context)
    {
        try
        {
            HttpListenerResponse response = context.Response;
            response.StatusCode = 500;
            response.KeepAlive = false;
            response.ContentLength64 = 1;
            response.Abort();
        }
        catch (Exception)
        {
        }
    }
}
