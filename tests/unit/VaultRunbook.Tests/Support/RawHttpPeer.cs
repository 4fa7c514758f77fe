using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace VaultRunbook.Tests.Support;

/// <summary>
/// A bare TCP peer on 127.0.0.1 (TLS when given a certificate) that keeps the exact bytes of every request head it
/// receives and answers each with fixed raw bytes. Nothing between the client and this peer parses or cleans the
/// request, so a header smuggled in through a CR or LF would show here as it went over the wire.
/// </summary>
public sealed class RawHttpPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<byte[]> _answer;
    private readonly X509Certificate2? _certificate;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _connections;

    public RawHttpPeer(Func<byte[]> answer, X509Certificate2? certificate = null)
    {
        _answer = answer;
        _certificate = certificate;
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public string Address => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}";

    /// <summary>Each request's head and body as received, byte for byte (Latin-1, so nothing is lost).</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public int Connections => Volatile.Read(ref _connections);

    public static byte[] Answer(int status, string contentType, byte[] body) =>
        Encoding.ASCII.GetBytes($"HTTP/1.1 {status} X\r\nContent-Type: {contentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n").Concat(body).ToArray();

    public static byte[] Json(int status, string json) => Answer(status, "application/json", Encoding.UTF8.GetBytes(json));

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
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
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var tls = new SslStream(stream);
                    await tls.AuthenticateAsServerAsync(_certificate);
                    stream = tls;
                }

                var received = new List<byte>();
                var buffer = new byte[4096];
                int headEnd;
                while ((headEnd = IndexOfHeadEnd(received)) < 0)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        return;
                    }

                    received.AddRange(buffer.AsSpan(0, read).ToArray());
                }

                var head = Encoding.Latin1.GetString(received.ToArray(), 0, headEnd);
                var length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(l => int.Parse(l[15..].Trim())).FirstOrDefault();
                while (received.Count < headEnd + 4 + length)
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    received.AddRange(buffer.AsSpan(0, read).ToArray());
                }

                Received.Enqueue(Encoding.Latin1.GetString(received.ToArray()));
                await stream.WriteAsync(_answer(), _stop.Token);
                await stream.FlushAsync(_stop.Token);
            }
            catch (Exception)
            {
                // A refused handshake or a dropped connection: the test looks at the client's side.
            }
        }
    }

    private static int IndexOfHeadEnd(List<byte> bytes)
    {
        for (var i = 3; i < bytes.Count; i++)
        {
            if (bytes[i - 3] == '\r' && bytes[i - 2] == '\n' && bytes[i - 1] == '\r' && bytes[i] == '\n')
            {
                return i - 3;
            }
        }

        return -1;
    }
}
