using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VaultRunbook.FakeAws;

/// <summary>A loopback HTTP server (HttpListener on 127.0.0.1, a free port) handing each request to one handler.</summary>
public sealed class FakeHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<FakeRequest, FakeResponse> _handler;
    private readonly object _gate = new();
    private readonly Task _loop;

    public FakeHttpServer(Func<FakeRequest, FakeResponse> handler)
    {
        _handler = handler;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                Endpoint = new Uri($"http://127.0.0.1:{port}");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; } = null!;

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => Answer(context));
        }
    }

    private void Answer(HttpListenerContext context)
    {
        try
        {
            using var body = new MemoryStream();
            context.Request.InputStream.CopyTo(body);
            var headers = new List<KeyValuePair<string, string>>();
            foreach (string name in context.Request.Headers)
            {
                // Get, not GetValues: GetValues splits at commas, which would cut the Authorization header apart.
                headers.Add(new(name, context.Request.Headers.Get(name) ?? string.Empty));
            }

            var raw = context.Request.RawUrl ?? "/";
            var queryAt = raw.IndexOf('?', StringComparison.Ordinal);
            var request = new FakeRequest(
                context.Request.HttpMethod,
                queryAt < 0 ? raw : raw[..queryAt],
                queryAt < 0 ? string.Empty : raw[(queryAt + 1)..],
                headers,
                body.ToArray());
            FakeResponse response;
            lock (_gate)
            {
                response = _handler(request);
            }

            var bytes = Encoding.UTF8.GetBytes(response.Body);
            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            context.Response.Headers["x-amzn-RequestId"] = response.RequestId;
            context.Response.ContentLength64 = bytes.Length;
            context.Response.OutputStream.Write(bytes);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
        {
            // The client went away.
        }
    }

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
