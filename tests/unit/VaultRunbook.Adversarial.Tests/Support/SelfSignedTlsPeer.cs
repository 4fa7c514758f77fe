using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace VaultRunbook.Adversarial.Tests.Support;

/// <summary>
/// An https listener on 127.0.0.1 with a self-signed certificate (for CN and SAN 127.0.0.1) that answers every
/// request with one Vault body. It counts the requests that got through the TLS handshake: a client that verifies
/// certificates sends none.
/// </summary>
internal sealed class SelfSignedTlsPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private readonly CancellationTokenSource _stop = new();
    private readonly string _body;
    private int _requests;
    private int _refusedConnections;

    public SelfSignedTlsPeer(string body)
    {
        _body = body;
        _listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    public string Address => $"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Requests read after a completed handshake.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// Connections the client closed without a request: it did not trust the certificate (with TLS 1.3 the server's
    /// side of the handshake may complete before the client checks the certificate and breaks off).
    /// </summary>
    public int RefusedConnections => Volatile.Read(ref _refusedConnections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _certificate.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            using var tls = new SslStream(client.GetStream());
            try
            {
                await tls.AuthenticateAsServerAsync(_certificate, clientCertificateRequired: false, checkCertificateRevocation: false).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or AuthenticationException)
            {
                Interlocked.Increment(ref _refusedConnections);
                return;
            }

            var requested = false;
            try
            {
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await tls.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        Interlocked.Increment(ref _refusedConnections);
                        return;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                requested = true;
                Interlocked.Increment(ref _requests);
                var body = Encoding.UTF8.GetBytes(_body);
                var head = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
                await tls.WriteAsync(head, _stop.Token).ConfigureAwait(false);
                await tls.WriteAsync(body, _stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
                if (!requested)
                {
                    Interlocked.Increment(ref _refusedConnections);
                }
            }
        }
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // SslStream on Linux needs a key it can export: go through PKCS#12 once.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
