using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace VaultRunbook.Testing;

/// <summary>
/// A scripted HTTP peer on 127.0.0.1 for client tests: answers each request (concurrently, after
/// <see cref="Latency"/>) with what the test's function says, and records what it received, headers included.
/// Shared by the test projects (linked, not copied).
/// </summary>
public sealed class FixturePeer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<RecordedRequest, PeerAnswer> _answer;
    private readonly Task _loop;

    public FixturePeer(Func<RecordedRequest, PeerAnswer> answer)
    {
        _answer = answer;

        // A free port can be taken by a parallel test between the probe and the listen: try another.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            _listener = new HttpListener();
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 10)
            {
                _listener.Close();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Address => $"http://127.0.0.1:{Port}";

    public TimeSpan Latency { get; set; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        // Close alone: Stop then Close unregisters the prefix twice, and the second time the managed HttpListener
        // binds the port again to look it up, which fails if another listener took the port in between.
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
        var recorded = new RecordedRequest(
            context.Request.HttpMethod,
            context.Request.Url!.PathAndQuery,
            context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase),
            await reader.ReadToEndAsync());
        Requests.Enqueue(recorded);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }

        var answer = _answer(recorded);
        context.Response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers ?? new Dictionary<string, string>())
        {
            context.Response.Headers[name] = value;
        }

        var bytes = Encoding.UTF8.GetBytes(answer.Body ?? string.Empty);
        if (answer.ContentType is not null)
        {
            context.Response.ContentType = answer.ContentType;
        }

        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }
}

/// <summary>What the peer received.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string AbsolutePath => PathAndQuery.Split('?', 2)[0];
}

/// <summary>What the peer answers.</summary>
public sealed record PeerAnswer(int Status, string? Body, string? ContentType = "application/json", IReadOnlyDictionary<string, string>? Headers = null);
