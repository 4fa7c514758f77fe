using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace VaultRunbook.Tests.Support;

/// <summary>
/// A loopback webhook receiver (HttpListener on 127.0.0.1) that answers each request with the next scripted answer
/// (status, headers, body; 200 "ok" once the script runs out, as Slack answers) and keeps every request it got.
/// </summary>
internal sealed class WebhookPeer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(int Status, Dictionary<string, string> Headers, string Body)> _answers = new();
    private readonly Task _serving;

    public WebhookPeer()
    {
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Origin = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>scheme://host:port, what the module may show.</summary>
    public string Origin { get; }

    /// <summary>A Slack-like webhook URI whose path is its secret.</summary>
    public string Uri(string secretPath) => $"{Origin}/services/{secretPath}";

    public ConcurrentQueue<Received> Requests { get; } = new();

    public void Answer(int status, string body = "", params (string Name, string Value)[] headers) =>
        _answers.Enqueue((status, headers.ToDictionary(h => h.Name, h => h.Value), body));

    public void Dispose()
    {
        ((IDisposable)_listener).Dispose();
        try
        {
            _serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            Requests.Enqueue(new Received(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, await reader.ReadToEndAsync()));
            var (status, headers, body) = _answers.TryDequeue(out var next) ? next : (200, new Dictionary<string, string>(), "ok");
            context.Response.StatusCode = status;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public sealed record Received(string Method, string Path, string? ContentType, string Body);
}
