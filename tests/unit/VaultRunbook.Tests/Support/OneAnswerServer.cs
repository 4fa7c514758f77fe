using System.Net;
using System.Text;

namespace VaultRunbook.Tests.Support;

/// <summary>A loopback HTTP server that answers one request with a fixed body, for answers the sandbox never gives.</summary>
internal sealed class OneAnswerServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public OneAnswerServer(string body, string contentType)
    {
        using (var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Address = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port}";
        }

        _listener.Prefixes.Add(Address + "/");
        _listener.Start();
        _serving = Task.Run(async () =>
        {
            var context = await _listener.GetContextAsync();
            context.Response.ContentType = contentType;
            context.Response.OutputStream.Write(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        });
    }

    public string Address { get; }

    /// <summary>Waits until the one answer was sent.</summary>
    public Task Served => _serving.WaitAsync(TimeSpan.FromSeconds(30));

    public void Dispose() => ((IDisposable)_listener).Dispose();
}
