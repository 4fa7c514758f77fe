using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using VaultRunbook.Engine.Common;
using VaultRunbook.Engine.Vault;

namespace VaultRunbook.Resolution.Tests.Support;

/// <summary>
/// A scripted KV v2 peer on 127.0.0.1: answers GET /v1/&lt;mount&gt;/data/&lt;path&gt; from <see cref="Secrets"/> in
/// Vault's documented envelope, 404 with errors[] for an absent path, and 503 "Vault is sealed" while
/// <see cref="Down"/>. Counts the reads it served.
/// </summary>
public sealed class KvPeer : IDisposable
{
    private readonly HttpListener _listener;
    private readonly Task _loop;
    private int _reads;

    public KvPeer()
    {
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

    /// <summary>"mount/path" to field values.</summary>
    public ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> Secrets { get; } = new();

    private volatile bool _down;

    /// <summary>While true, every request gets 503 "Vault is sealed".</summary>
    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    public TimeSpan Latency { get; set; }

    public int Reads => Volatile.Read(ref _reads);

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>A client that tries once, as the resolver tests want Vault failures to be quick.</summary>
    public VaultHttpClient Client(int attempts = 1) => ClientFor(Address, attempts);

    public static VaultHttpClient ClientFor(string address, int attempts = 1) => new(new VaultConnectionSettings
    {
        Address = new Uri(address),
        Token = new SensitiveString("hvs.test-token"),
        MaxAttempts = attempts,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        Timeout = TimeSpan.FromSeconds(5),
    });

    public void Put(string mountPath, params (string Field, string Value)[] fields) =>
        Secrets[mountPath] = fields.ToDictionary(f => f.Field, f => f.Value);

    public void Dispose()
    {
        _listener.Stop();
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
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency);
        }

        var (status, body) = Answer(context.Request);
        var bytes = Encoding.UTF8.GetBytes(body);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
    }

    private (int Status, string Body) Answer(HttpListenerRequest request)
    {
        if (Down)
        {
            return (503, "{\"errors\":[\"Vault is sealed\"]}");
        }

        var path = request.Url!.AbsolutePath;
        const string prefix = "/v1/";
        var marker = path.IndexOf("/data/", StringComparison.Ordinal);
        if (request.HttpMethod != "GET" || !path.StartsWith(prefix, StringComparison.Ordinal) || marker < 0)
        {
            return (404, "{\"errors\":[]}");
        }

        if (request.Headers["X-Vault-Token"] is null)
        {
            return (403, "{\"errors\":[\"permission denied\"]}");
        }

        var key = path[prefix.Length..marker] + "/" + path[(marker + "/data/".Length)..];
        if (!Secrets.TryGetValue(key, out var fields))
        {
            return (404, "{\"errors\":[]}");
        }

        Interlocked.Increment(ref _reads);
        var json = JsonSerializer.Serialize(new
        {
            request_id = Guid.NewGuid().ToString(),
            lease_id = "",
            renewable = false,
            lease_duration = 0,
            data = new
            {
                data = fields,
                metadata = new { created_time = "2025-06-01T12:00:00.123456789Z", custom_metadata = (object?)null, deletion_time = "", destroyed = false, version = 3 },
            },
            wrap_info = (object?)null,
            warnings = (object?)null,
            auth = (object?)null,
        });
        return (200, json);
    }
}
